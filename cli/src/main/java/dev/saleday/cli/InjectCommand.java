package dev.saleday.cli;

import dev.saleday.cli.injectors.Injector;
import dev.saleday.cli.injectors.InjectorPlan;
import dev.saleday.cli.input.DurationOption;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.simulations.traffic.Shard;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saleday inject}: what an injector pod of a run with {@code traffic.injectors > 1} runs (the Job made by
 * {@code saleday run}). Reads the plan from {@code SALEDAY_PLAN} (the injectors' ConfigMap, through the Job's env),
 * its shard from {@code JOB_COMPLETION_INDEX} and {@code SALEDAY_INJECTORS}, waits for the start instant and serves
 * its records to the coordinator (docs/INJECTORS.md).
 */
@Command(name = "inject", hidden = true, mixinStandardHelpOptions = true,
        description = {"Runs one injector of a run with several (started by `saleday run` as a pod of its Job):",
            "the plan from $SALEDAY_PLAN, shard $JOB_COMPLETION_INDEX of $SALEDAY_INJECTORS."})
final class InjectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--records", paramLabel = "DIR", description = "where the shard's records go (default: a new"
            + " folder under the temporary directory)")
    Path records;

    @Option(names = "--wait-for-start", paramLabel = "DURATION", defaultValue = "10m",
            description = "how long to wait for the start instant (default 10m)")
    String waitForStart;

    @Option(names = "--linger", paramLabel = "DURATION", defaultValue = "10m",
            description = "how long to serve the records after the load when nobody collects them (default 10m)")
    String linger;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "4s",
            description = "how long to warm the JVM up before saying ready, with a load sent to a loopback stub, never"
                    + " to the target (default 4s; 0s: none)")
    String warmUp;

    @Override
    public Integer call() throws Exception {
        Duration waitForStartDuration = DurationOption.parse("--wait-for-start", waitForStart);
        Duration lingerDuration = DurationOption.parse("--linger", linger);
        Duration warmUpDuration = DurationOption.parse("--warm-up", warmUp);
        String plan = System.getenv("SALEDAY_PLAN");
        if (plan == null || plan.isBlank()) {
            throw new InvalidInputException("SALEDAY_PLAN is not set: `saleday inject` runs in an injector pod of"
                    + " `saleday run` (traffic.injectors > 1)");
        }
        Shard shard;
        try {
            shard = new Shard(Integer.parseInt(env("JOB_COMPLETION_INDEX")), Integer.parseInt(env("SALEDAY_INJECTORS")));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("JOB_COMPLETION_INDEX and SALEDAY_INJECTORS must name a shard: "
                    + e.getMessage(), e);
        }
        Path dir = records != null ? records : Files.createTempDirectory("saleday-shard-" + shard.index() + "-");
        Files.createDirectories(dir);
        String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", Integer.toString(Injector.PORT)));
        PrintWriter out = spec.commandLine().getOut();
        return new Injector(InjectorPlan.read(plan), shard, dir, host, port, waitForStartDuration,
                lingerDuration, warmUpDuration).run(out);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}
