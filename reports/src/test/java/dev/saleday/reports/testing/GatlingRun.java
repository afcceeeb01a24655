package dev.saleday.reports.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Runs {@link OpenLoadSimulation} in this JVM (Gatling's internal launcher, see PLATFORM.md) and returns the
 * simulation.log it wrote.
 */
public final class GatlingRun {

    private static boolean warm;

    private GatlingRun() {
    }

    /**
     * Runs a two-second load once per JVM, so that the measured run does not pay Gatling's and Netty's first-use
     * costs (class loading, JIT) inside its first requests: a cold in-process start can hold them for seconds.
     */
    public static synchronized void warmUpOnce(Path resultsDir) {
        if (warm) {
            return;
        }
        try (LatencyServer server = new LatencyServer(n -> 1, n -> 200)) {
            run(server.url(), 50, 2000, 2000, resultsDir.resolve("cold"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        warm = true;
    }

    /**
     * As {@link #run}, each request tagged with an id (header {@code X-Request-Id}, name {@code predict <id>}) and
     * the load's own clock read around it ({@link ClientClock}).
     */
    public static Path runTagged(URI url, double rateRps, long durationMillis, long timeoutMillis, Path resultsDir) {
        System.setProperty("saleday.test.tagRequests", "true");
        // a name per request: the console's per-name table would print every one of them every 5 s
        System.setProperty("gatling.data.console.light", "true");
        try {
            return run(url, rateRps, durationMillis, timeoutMillis, resultsDir);
        } finally {
            System.clearProperty("saleday.test.tagRequests");
            System.clearProperty("gatling.data.console.light");
        }
    }

    /**
     * @param rateRps        constant arrival rate
     * @param durationMillis how long
     * @param timeoutMillis  Gatling's request timeout
     */
    public static Path run(URI url, double rateRps, long durationMillis, long timeoutMillis, Path resultsDir) {
        System.setProperty("saleday.test.url", url.toString());
        System.setProperty("saleday.test.rateRps", Double.toString(rateRps));
        System.setProperty("saleday.test.durationMillis", Long.toString(durationMillis));
        System.setProperty("saleday.test.timeoutMillis", Long.toString(timeoutMillis));
        System.setProperty("gatling.data.enableAnalytics", "false");
        try {
            Files.createDirectories(resultsDir);
            int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation", OpenLoadSimulation.class.getName(),
                "--results-folder", resultsDir.toAbsolutePath().toString(),
                "--no-reports"});
            if (status != 0) {
                throw new IllegalStateException("Gatling exited with " + status);
            }
            try (Stream<Path> files = Files.walk(resultsDir)) {
                return files.filter(p -> p.getFileName().toString().equals("simulation.log")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("Gatling wrote no simulation.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
