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
    private static double overheadP50Millis;
    private static double overheadP99Millis;

    private GatlingRun() {
    }

    /**
     * Runs a two-second load once per JVM, so that the measured run does not pay Gatling's and Netty's first-use
     * costs (class loading, JIT) inside its first requests: a cold in-process start can hold them for seconds. Then
     * measures what this machine adds to a request ({@link #calibrate}).
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
        calibrate(resultsDir.resolve("calibration"));
        warm = true;
    }

    /**
     * Measures, with a one-second warm run against a 1 ms server, the time this machine adds to a request (Gatling's
     * client, loopback, the test server's scheduling), and keeps the worst median and p99 seen so far: calling it
     * before and after a measured run tells whether other work shared the cores while it ran.
     */
    public static synchronized void calibrate(Path resultsDir) {
        try (LatencyServer server = new LatencyServer(n -> 1, n -> 200)) {
            Path log = run(server.url(), 50, 1000, 2000, resultsDir);
            org.HdrHistogram.Histogram overhead = new org.HdrHistogram.Histogram(3);
            dev.saleday.records.GatlingLogReader.read(log,
                    (name, start, end, ok, message) -> overhead.recordValue(Math.max(0, end - start - 1)));
            overheadP50Millis = Math.max(overheadP50Millis, overhead.getValueAtPercentile(50));
            overheadP99Millis = Math.max(overheadP99Millis, overhead.getValueAtPercentile(99));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the median time this machine adds to a request, the worst of every calibration: 0-1 ms on a quiet
     *         machine, more when other builds share the cores
     */
    public static synchronized double overheadP50Millis() {
        return overheadP50Millis;
    }

    /** @return the p99 of the time this machine adds to a request, the worst of every calibration */
    public static synchronized double overheadP99Millis() {
        return overheadP99Millis;
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
