package dev.saleday.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model jar as a real child process, with the pod JVM flags, on a free loopback port (PORT=0). Its stdout and
 * stderr are captured for assertions. {@link #close()} kills it; tests register it with {@link ModelProcesses}.
 */
final class ModelProcess implements AutoCloseable {
    static final List<String> POD_JVM_FLAGS = List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
    static final String TEST_PASSWORD = "fs-Secret-7f3a9c2e-do-not-print";
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) ");

    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile int port = -1;
    private final List<Thread> pumps = new ArrayList<>();

    private ModelProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout, true);
        pump(process.getErrorStream(), stderr, false);
    }

    static Path jar() {
        String configured = System.getProperty("saleday.model.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "saleday-model.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("model jar not found at " + jar.toAbsolutePath()
                    + ": run `mvn -pl model package` first (process tests run in the integration-test phase)");
        }
        return jar;
    }

    /** Starts the jar with the defaults a test needs (loopback, free port, test secret) overlaid by {@code env}. */
    static ModelProcess start(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        merged.put("HOST", "127.0.0.1");
        merged.put("PORT", "0");
        merged.put("FEATURE_STORE_PASSWORD", TEST_PASSWORD);
        merged.put("DRAIN_DELAY_MS", "300");
        merged.putAll(env);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(POD_JVM_FLAGS);
        command.add("-jar");
        command.add(jar().toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> !key.equals("PATH") && !key.equals("HOME"));
        merged.forEach((key, value) -> {
            if (value != null) {
                builder.environment().put(key, value);
            }
        });
        try {
            return new ModelProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump(InputStream in, StringBuffer sink, boolean watchForPort) {
        Thread thread = new Thread(() -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.append(line).append('\n');
                    if (watchForPort) {
                        Matcher matcher = LISTENING.matcher(line);
                        if (matcher.find()) {
                            port = Integer.parseInt(matcher.group(2));
                            listening.countDown();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "model-output");
        thread.setDaemon(true);
        thread.start();
        pumps.add(thread);
    }

    /** Waits for the "listening on" line; fails with the process output if it does not come. */
    int awaitListening(Duration timeout) throws InterruptedException {
        if (!listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("model did not listen within " + timeout + "; alive=" + process.isAlive()
                    + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
        }
        return port;
    }

    int port() {
        if (port < 0) {
            throw new IllegalStateException("not listening yet: call awaitListening first");
        }
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Polls {@code /readyz} every 50 ms until it answers 200, at most {@code atMost}. */
    void awaitReady(Duration atMost) {
        String url = baseUrl() + "/readyz";
        org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> Http.get(url).statusCode() == 200);
    }

    Process process() {
        return process;
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    /**
     * SIGTERM, as the kubelet sends it. Through the ProcessHandle: {@code Process.destroy()} also closes our end of
     * the child's stdout, and we want to read what it prints while it shuts down.
     */
    void sigterm() {
        process.toHandle().destroy();
    }

    /** Exit code, waiting at most {@code timeout}; fails if the process is still alive. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("model still running after " + timeout + "\nstdout:\n" + stdout);
        }
        for (Thread pump : pumps) {
            pump.join(5_000); // the output up to the exit, for assertions
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
