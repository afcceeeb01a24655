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

    private GatlingRun() {
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
