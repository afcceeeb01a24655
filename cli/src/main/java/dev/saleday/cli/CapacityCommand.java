package dev.saleday.cli;

import dev.saleday.cli.input.DurationOption;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.cli.run.CapacityRun;
import dev.saleday.cli.run.RunOptions;
import dev.saleday.plan.Plan;
import dev.saleday.simulations.LoadSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = {"Measures what ONE pod of the plan's target answers within the plan's bounds, and what that",
            "means for the real day: holds the HPA at min=max=1 and the Deployment at 1 replica (both journaled",
            "before they take effect, restored at the end, on Ctrl-C/SIGTERM, and by `saleday recover RUN_DIR`",
            "after a kill -9), raises the rate step by step until a step's p99 or error rate breaks the plan's",
            "strictest bound (the knee), then computes, for the plan's unscaled baseline and peak, the pods",
            "needed at the HPA's target utilisation, whether min/maxReplicas cover them and how long the HPA's",
            "scale-up behaviour takes. Writes capacity.jsonl, capacity.json and report/capacity.html in",
            "results/<plan>-<yyyyMMdd-HHmmss>/ (or --out) and prints the recommendation with its arithmetic."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:the search ran and the HPA and replicas are restored",
            "2:invalid plan or options (nothing touched), or INVALID: the host starved saleday's processes during"
                    + " the search, so the knee may be the host's (restored; capacity.json says when)",
            "3:internal error, interrupted (restored), or a restore failed (`saleday recover RUN_DIR` retries)"})
final class CapacityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "the run directory (default results/<plan>-<time>)")
    Path out;

    @Option(names = "--start-rps", paramLabel = "RPS", defaultValue = "10", description = "the first step's rate"
            + " (default ${DEFAULT-VALUE})")
    double startRps;

    @Option(names = "--step-rps", paramLabel = "RPS", defaultValue = "10", description = "what each step adds"
            + " (default ${DEFAULT-VALUE})")
    double stepRps;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "30", description = "the most steps"
            + " (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--step-duration", paramLabel = "DURATION", defaultValue = "5s",
            description = "each step's length, e.g. 5s (default ${DEFAULT-VALUE})")
    String stepDuration;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "60s",
            description = "the longest the held pod gets the first step's rate before the steps: the warm-up ends"
                    + " sooner, once the pod's own CPU a request has settled (its JIT is done), so the"
                    + " steps measure a warm pod; 0s for none (default ${DEFAULT-VALUE})")
    String warmUp;

    @Option(names = "--max-p99", paramLabel = "DURATION",
            description = "overrides the p99 bound (default: the plan's strictest slo.latency p99, else 200ms)")
    String maxP99;

    @Option(names = "--max-error-rate", paramLabel = "FRACTION",
            description = "overrides the error-rate bound, 0..1 (default: the plan's strictest slo.errors, else 0.01)")
    Double maxErrorRate;

    @Override
    public Integer call() throws Exception {
        Duration step = DurationOption.parse("--step-duration", stepDuration);
        CapacityRun.Steps search = new CapacityRun.Steps(startRps, stepRps, steps, step, null,
                DurationOption.parse("--warm-up", warmUp));
        RunOptions options = targetOptions.runOptions().withOut(out);
        Plan parsed = PlanInput.load(targetOptions.plan, spec.commandLine().getErr());
        Plan effective = options.applyTo(parsed, spec.commandLine().getErr());
        if (maxP99 != null || maxErrorRate != null) {
            LoadSettings.CapacityBounds planBounds = CapacityRun.planBounds(effective);
            try {
                search = search.withBounds(new LoadSettings.CapacityBounds(
                        maxP99 == null ? planBounds.maxP99() : DurationOption.parse("--max-p99", maxP99),
                        maxErrorRate == null ? planBounds.maxErrorRate() : maxErrorRate));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
        }
        dev.saleday.cli.run.LocalClusterSession.checkOptions(effective);
        if (!Object.class.getModule().isOpen("java.lang", CapacityCommand.class.getModule())) {
            throw new IllegalStateException("saleday runs Gatling in this JVM, which needs"
                    + " --add-opens=java.base/java.lang=ALL-UNNAMED");
        }
        return new CapacityRun(effective, search, out, spec.commandLine().getOut(), spec.commandLine().getErr(),
                Version.current()).run().exitCode();
    }

}
