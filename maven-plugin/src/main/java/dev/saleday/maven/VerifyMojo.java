package dev.saleday.maven;

import dev.saleday.cli.GameDays;
import dev.saleday.cli.VerdictPrinter;
import dev.saleday.records.RecordException;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import dev.saleday.reports.verdict.VerdictJson;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build on the last run's verdict: FAIL always, INVALID unless {@code failOn} is {@code FAIL} (then it
 * warns). The message holds every failed check with its measured value, threshold and reason, as the command prints
 * them.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class VerifyMojo extends AbstractMojo {

    /** {@code FAIL_OR_INVALID} (an invalid run proved nothing) or {@code FAIL} (an INVALID run only warns). */
    @Parameter(property = "saleday.failOn", defaultValue = "FAIL_OR_INVALID")
    GameDays.FailOn failOn;

    /** The run directory to judge; by default the one {@code saleday:run} last wrote. */
    @Parameter(property = RunMojo.RUN_DIRECTORY_PROPERTY)
    File runDirectory;

    /** Where {@code saleday:run} wrote its runs (and {@code lastRun.txt}). */
    @Parameter(property = "saleday.runsDirectory", defaultValue = "${project.build.directory}/saleday")
    File runsDirectory;

    @Parameter(property = "saleday.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("saleday: skipped (saleday.skip)");
            return;
        }
        Path runDir = runDirectory();
        Verdict verdict;
        try {
            verdict = VerdictJson.read(runDir.resolve("verdict.json"));
        } catch (RecordException e) {
            throw new MojoExecutionException("saleday: cannot read the verdict of " + runDir + ": " + e.getMessage(), e);
        }
        String printed = printed(verdict);
        if (failOn.fails(verdict.verdict())) {
            throw new MojoFailureException("saleday: the game day's verdict is " + verdict.verdict() + " (" + runDir
                    + ")\n" + printed);
        }
        if (verdict.verdict() == Outcome.INVALID) {
            getLog().warn("saleday: the game day's verdict is INVALID (failOn=FAIL lets it pass)\n" + printed);
        } else {
            getLog().info("saleday: " + printed.lines().findFirst().orElse(""));
        }
    }

    private Path runDirectory() throws MojoExecutionException {
        if (runDirectory != null) {
            return runDirectory.toPath();
        }
        Path lastRun = runsDirectory.toPath().resolve(RunMojo.LAST_RUN_FILE);
        if (!Files.isRegularFile(lastRun)) {
            throw new MojoExecutionException("saleday: no run to verify: " + lastRun + " does not exist (bind"
                    + " saleday:run, or set saleday.runDirectory)");
        }
        try {
            return Path.of(Files.readString(lastRun, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new MojoExecutionException("saleday: cannot read " + lastRun + ": " + e.getMessage(), e);
        }
    }

    private static String printed(Verdict verdict) {
        StringWriter text = new StringWriter();
        VerdictPrinter.print(verdict, new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
