package dev.saleday.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code saleday} command as a child process (the test's own classpath), as a user runs it: its own JVM, real
 * signals. Output goes to a file; {@link #close()} kills it and its descendants if it is still running.
 */
final class SaledayProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private SaledayProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static SaledayProcess start(Path output, String... args) throws IOException {
        return start(output, List.of(), args);
    }

    /**
     * At the lowest CPU priority ({@code nice -n 19}, inherited by its pods): a run beside another that must not
     * take CPU from it, e.g. a second case of the same plan whose outcome does not hang on timing.
     */
    static SaledayProcess startNiced(Path output, String... args) throws IOException {
        return start(output, List.of("nice", "-n", "19"), args);
    }

    private static SaledayProcess start(Path output, List<String> prefix, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xmx768m"));
        Path modelJar = modelJar();
        if (modelJar != null) {
            command.add("-Dsaleday.model.jar=" + modelJar);
        }
        // the harness image (injector pods) runs the same saleday command, from the same classes
        command.add("-Dsaleday.harness.classpath=" + System.getProperty("java.class.path"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.saleday.cli.Saleday");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        return new SaledayProcess(process, output);
    }

    /** The model jar the embedded cluster runs: model/target/saleday-model.jar above the working directory. */
    static Path modelJar() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("model/target/saleday-model.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        return null;
    }

    /** @return the exit code, or fails after {@code timeout} (the process is then killed by close) */
    int waitFor(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("saleday did not exit within " + timeout.toSeconds() + " s; output:\n"
                    + output());
        }
        return process.exitValue();
    }

    /** SIGTERM, as a CI runner or Ctrl-C sends it. */
    void terminate() {
        process.destroy();
    }

    /** The processes it started (the embedded cluster's pods), while they run. */
    java.util.stream.Stream<ProcessHandle> descendants() {
        return process.descendants();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
