package dev.saleday.cli;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.cli.run.RunOptions;
import dev.saleday.reports.stability.Stability;
import dev.saleday.reports.verdict.Verdict;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a game day: validates the plan, starts the embedded cluster (target local) or connects",
            "through a kubeconfig, drives the traffic, injects the faults, watches the cluster, then analyses the",
            "records into a verdict and a report. Everything it started is torn down and every fault undone, also",
            "on Ctrl-C/SIGTERM. Writes results/<plan>-<yyyyMMdd-HHmmss>/ (or --out)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:every check passed",
            "1:the run was valid and a check failed",
            "2:invalid plan or options (nothing touched), or an invalid run (load not achieved)",
            "3:internal error; interrupted (faults undone, run directory left analysable); or a fault could not be",
            "  undone (the verdict is still written; `saleday recover RUN_DIR` retries)"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "the run directory (default results/<plan>-<time>)")
    Path out;

    @Option(names = "--dry-run", description = "prints every fault action it would take and changes nothing;"
            + " no load is sent")
    boolean dryRun;

    @Option(names = "--baseline", paramLabel = "VERDICT",
            description = "an earlier verdict.json to compare with (overrides report.baseline)")
    Path baseline;

    @Option(names = "--scale", paramLabel = "FACTOR",
            description = "overrides traffic.scale: multiplies every phase's rate; > 0")
    Double scale;

    @Option(names = "--injectors", paramLabel = "N",
            description = "overrides traffic.injectors: 1 sends the load from this process; N > 1 runs N injector"
                    + " pods (an Indexed Job in the target namespace), each sending its shard of the arrivals")
    Integer injectors;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "runs the plan N times (run-1 .. run-N under --out or results/<plan>-<time>-repeat/) and"
                    + " writes stability.md and stability.json beside them: per check min, median and max and the"
                    + " margin to its bound, flagging checks whose spread crosses it; exits with the worst verdict")
    int repeat;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new InvalidInputException("--repeat: must be >= 1, got " + repeat);
        }
        if (repeat == 1) {
            return GameDays.run(options(out), spec.commandLine().getOut(), spec.commandLine().getErr()).exitCode();
        }
        if (dryRun) {
            throw new InvalidInputException("--repeat and --dry-run do not go together");
        }
        return repeated();
    }

    RunOptions options(Path runDir) {
        return targetOptions.runOptions().withOut(runDir).withDryRun(dryRun).withBaseline(baseline).withScale(scale)
                .withInjectors(injectors);
    }

    /** Runs the plan {@link #repeat} times, then writes the stability of its checks; exits with the worst verdict. */
    private int repeated() throws Exception {
        Path base = out != null ? out : Path.of("results", PlanInput.load(targetOptions.plan, spec.commandLine().getErr()).name()
                + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()) + "-repeat");
        List<Verdict> verdicts = new ArrayList<>();
        List<dev.saleday.reports.stability.PeakHost> peaks = new ArrayList<>();
        dev.saleday.plan.Plan parsed = PlanInput.load(targetOptions.plan, spec.commandLine().getErr());
        int worst = ExitCodes.PASS;
        for (int i = 1; i <= repeat; i++) {
            spec.commandLine().getOut().println("saleday: run " + i + " of " + repeat);
            GameDays.RunResult result = GameDays.run(options(base.resolve("run-" + i)), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
            worst = Math.max(worst, result.exitCode());
            if (result.verdict() != null) {
                verdicts.add(result.verdict());
            }
            dev.saleday.reports.stability.PeakHost.of(parsed, base.resolve("run-" + i)).ifPresent(peaks::add);
        }
        Stability.Table table = Stability.of(verdicts).withPeaks(peaks);
        Stability.write(table, base);
        spec.commandLine().getOut().print(Stability.markdown(table));
        spec.commandLine().getOut().println("stability: " + base.resolve(Stability.MARKDOWN_FILE));
        spec.commandLine().getOut().flush();
        return worst;
    }
}
