package dev.saleday.maven;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import dev.saleday.cli.run.RunOptions;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Runs a plan: {@code saleday run} in a forked JVM (as Gatling's plugin forks Gatling), its console in the build's
 * output, its run directory under {@code target/saleday/}. Then copies the JUnit XML (one test case per check) where
 * Failsafe's reports go and the Allure results where Allure's Maven plugin reads them. A FAIL or INVALID verdict does
 * not stop the build here: {@code saleday:verify} does, after the rest of the integration tests, as Failsafe does.
 * A plan or option that is wrong, a run that could not start, or a fault left applied fails the build at once.
 */
@Mojo(name = "run", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public final class RunMojo extends AbstractMojo {

    /** The project property (and the file) naming the run directory of the last run, for {@code saleday:verify}. */
    static final String RUN_DIRECTORY_PROPERTY = "saleday.runDirectory";
    static final String LAST_RUN_FILE = "lastRun.txt";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** The plan file (saleday/v1 YAML). */
    @Parameter(property = "saleday.plan", required = true)
    File plan;

    /** Overrides the plan's target.cluster: {@code local} (the embedded cluster) or {@code kubeconfig}. */
    @Parameter(property = "saleday.target")
    String target;

    /** Overrides target.kubeconfig. */
    @Parameter(property = "saleday.kubeconfig")
    File kubeconfig;

    /** Overrides target.context; it must still be in the plan's guards.allowContexts. */
    @Parameter(property = "saleday.context")
    String context;

    /** An earlier verdict.json to compare with (overrides report.baseline). */
    @Parameter(property = "saleday.baseline")
    File baseline;

    /** Overrides traffic.scale: multiplies every phase's rate (&gt; 0). */
    @Parameter(property = "saleday.scale")
    Double scale;

    /** Where run directories go: {@code <plan>-<yyyyMMdd-HHmmss>/} each, and {@code lastRun.txt}. */
    @Parameter(property = "saleday.runsDirectory", defaultValue = "${project.build.directory}/saleday")
    File runsDirectory;

    /** Where the run's JUnit XML is copied, as {@code TEST-saleday.<plan>.xml}: where Failsafe writes its own. */
    @Parameter(property = "saleday.reportsDirectory", defaultValue = "${project.build.directory}/failsafe-reports")
    File reportsDirectory;

    /** Where the run's Allure results are copied: where allure-maven and allure-junit5 read and write them. */
    @Parameter(property = "allure.results.directory", defaultValue = "${project.build.directory}/allure-results")
    File allureResultsDirectory;

    /** Options for the forked JVM (e.g. {@code -Xmx1g}). */
    @Parameter
    List<String> jvmArgs = new ArrayList<>();

    /** Skips the run (and so {@code saleday:verify}'s verdict). */
    @Parameter(property = "saleday.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    List<Artifact> pluginArtifacts;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("saleday: skipped (saleday.skip)");
            return;
        }
        Path planFile = plan.toPath().toAbsolutePath().normalize();
        String name = planFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path runs = runsDirectory.toPath().toAbsolutePath();
        Path runDir = runs.resolve(name + "-" + STAMP.format(LocalDateTime.now()));
        List<String> command = ForkedRun.command(javaExecutable(), jvmArgs, classpath(), runArguments(planFile, runDir));
        getLog().debug("saleday: " + String.join(" ", command));
        int exit = fork(command);
        Path verdict = runDir.resolve("verdict.json");
        if (!Files.isRegularFile(verdict)) {
            throw new MojoExecutionException("saleday run " + planFile + " exited " + exit + " without a verdict"
                    + (exit == 2 ? " (the plan or an option is not valid; see above)" : "; see the output above")
                    + (Files.isDirectory(runDir) ? "; records so far in " + runDir : ""));
        }
        try {
            Files.createDirectories(runs);
            Files.writeString(runs.resolve(LAST_RUN_FILE), runDir + "\n", StandardCharsets.UTF_8);
            RunReports.copy(runDir, name, reportsDirectory.toPath(), allureResultsDirectory.toPath());
        } catch (IOException e) {
            throw new MojoExecutionException("saleday: cannot copy the run's reports: " + e.getMessage(), e);
        }
        project.getProperties().setProperty(RUN_DIRECTORY_PROPERTY, runDir.toString());
        getLog().info("saleday: run directory " + runDir + "; JUnit XML in " + reportsDirectory + ", Allure results in "
                + allureResultsDirectory);
        if (exit == 3) {
            throw new MojoExecutionException("saleday run ended with exit code 3: a fault could not be undone or the"
                    + " run was interrupted; the cluster may be left changed (saleday recover " + runDir + ")");
        }
    }

    private List<String> runArguments(Path planFile, Path runDir) {
        return RunOptions.of(planFile).withOut(runDir).withTarget(target)
                .withKubeconfig(kubeconfig == null ? null : kubeconfig.toPath())
                .withContext(context)
                .withBaseline(baseline == null ? null : baseline.toPath())
                .withScale(scale)
                .arguments();
    }

    private List<Path> classpath() {
        List<Path> entries = new ArrayList<>();
        for (Artifact artifact : pluginArtifacts) {
            if (artifact.getFile() != null && artifact.getArtifactHandler().isAddedToClasspath()) {
                entries.add(artifact.getFile().toPath());
            }
        }
        return entries;
    }

    private static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Runs the command, its console into the build's log line by line; a stopped build stops it (faults undone). */
    private int fork(List<String> command) throws MojoExecutionException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(project.getBasedir()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new MojoExecutionException("saleday: cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        // SIGTERM, as Ctrl-C would: the command's own hook undoes every fault and stops what it started
        Thread stop = new Thread(process::destroy, "saleday-stop-run");
        Runtime.getRuntime().addShutdownHook(stop);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                getLog().info(line);
            }
            return process.waitFor();
        } catch (IOException e) {
            process.destroy();
            throw new MojoExecutionException("saleday: lost the run's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("saleday: interrupted while the run was going", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is stopping the run
            }
        }
    }
}
