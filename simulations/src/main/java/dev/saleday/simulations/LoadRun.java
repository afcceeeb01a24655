package dev.saleday.simulations;

import dev.saleday.records.GatlingLogReader;
import dev.saleday.simulations.traffic.TrafficModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a load in this JVM, for the CLI: Gatling in-process ({@code io.gatling.app.Gatling.fromArgs}), results under
 * {@code runDir/gatling/}, blocking until the load is done. Needs the JVM flag
 * {@code --add-opens=java.base/java.lang=ALL-UNNAMED} (or {@code Add-Opens: java.base/java.lang} in an executable
 * jar's manifest) and a logback configuration on the classpath (without one, logback logs everything at DEBUG).
 * One run at a time per JVM.
 */
public final class LoadRun {

    private LoadRun() {
    }

    /**
     * @throws dev.saleday.simulations.traffic.InvalidTrafficException when the traffic cannot be driven (before any
     *                                                                  request)
     */
    public static LoadResult run(LoadSettings settings) {
        return run(settings, TrafficModel.of(settings.traffic())); // fails before Gatling starts, with every problem
    }

    /**
     * Runs the load of a model the caller built (and so validated) already, on the run's own clock.
     *
     * @throws IllegalArgumentException when the model is not of the settings' traffic
     */
    public static LoadResult run(LoadSettings settings, TrafficModel model) {
        if (!model.traffic().equals(settings.traffic())) {
            throw new IllegalArgumentException("the traffic model is not of the settings' traffic");
        }
        Path gatlingDir = settings.runDir().resolve("gatling").toAbsolutePath();
        try {
            Files.createDirectories(gatlingDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + gatlingDir + ": " + e.getMessage(), e);
        }
        disableAnalytics();
        SimulationHandoff handoff = SimulationHandoff.offer(settings, model);
        int exitStatus;
        try {
            List<String> args = new ArrayList<>(List.of("--simulation", settings.simulationClass(),
                    "--results-folder", gatlingDir.toString(),
                    "--run-description", settings.planName() + " shard " + settings.shard()));
            if (settings.shard().count() > 1) {
                // a shard's own HTML report is never read (the coordinator merges the shards' simulation.logs), and
                // generating it reads the whole log again before the shard's records can be collected
                args.add("--no-reports");
            }
            exitStatus = io.gatling.app.Gatling$.MODULE$.fromArgs(args.toArray(String[]::new));
        } finally {
            handoff.release();
        }
        Optional<SimulationHandoff.Outcome> outcome = handoff.outcome();
        return new LoadResult(exitStatus, newestSimulationLog(gatlingDir).orElse(null),
                outcome.map(SimulationHandoff.Outcome::loadStartMs).orElse(-1L),
                outcome.map(SimulationHandoff.Outcome::phases).orElse(List.of()),
                outcome.map(SimulationHandoff.Outcome::health).orElse(null),
                outcome.flatMap(SimulationHandoff.Outcome::knee));
    }

    /** Gatling reads this from system properties; a run must never call out of the machine. */
    private static void disableAnalytics() {
        if (!"false".equals(System.getProperty("gatling.data.enableAnalytics"))) {
            System.setProperty("gatling.data.enableAnalytics", "false");
            com.typesafe.config.ConfigFactory.invalidateCaches();
        }
    }

    static Optional<Path> newestSimulationLog(Path gatlingDir) {
        try (Stream<Path> runs = Files.list(gatlingDir)) {
            return runs.map(dir -> dir.resolve(GatlingLogReader.FILE_NAME))
                    .filter(Files::isRegularFile)
                    .max(Comparator.comparing(LoadRun::modified));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
