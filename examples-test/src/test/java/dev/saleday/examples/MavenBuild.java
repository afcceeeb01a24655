package dev.saleday.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code mvn -B verify} in a project, as its own process: the saleday artifacts from the private local repository,
 * every other artifact from this build's repository (a file:// repository, read only) and then Maven Central.
 */
final class MavenBuild {

    static final Duration TIMEOUT = Duration.ofMinutes(10);

    record Result(int exitCode, String output) {
        /** The end of the output, for assertion messages. */
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        }
    }

    private MavenBuild() {
    }

    static Result verify(Path project, Path log) throws IOException, InterruptedException {
        Path localRepository = Path.of(required("saleday.examples.localRepository"));
        Path settings = settings(project.resolveSibling("settings.xml"),
                Path.of(required("saleday.examples.seedRepository")));
        List<String> command = List.of(mvn(), "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + localRepository, "verify");
        Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("mvn verify in " + project + " did not end within " + TIMEOUT.toMinutes()
                        + " min; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    /**
     * Settings whose first repository is {@code seed} (releases only: its snapshots are nobody's business here). The
     * seed is this build's own local repository, which keeps no checksum files: its checksums are not asked for
     * (without that, each of the ~250 artifacts copied from it logs a checksum warning with its stack trace).
     */
    static Path settings(Path file, Path seed) throws IOException {
        String url = seed.toUri().toString();
        String repository = """
                <id>build-repository</id><url>%s</url>
                <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                <snapshots><enabled>false</enabled></snapshots>
                """.formatted(url);
        Files.writeString(file, """
                <settings>
                  <profiles>
                    <profile>
                      <id>seed</id>
                      <repositories><repository>%s</repository></repositories>
                      <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>seed</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, repository), StandardCharsets.UTF_8);
        return file;
    }

    private static String mvn() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through Failsafe)");
        }
        return value;
    }
}
