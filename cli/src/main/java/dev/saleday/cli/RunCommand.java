package dev.saleday.cli;

import dev.saleday.cli.run.FaultsLeftApplied;
import dev.saleday.cli.run.GameDay;
import dev.saleday.cli.run.RunOptions;
import dev.saleday.plan.Plan;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.records.JournalReader;
import dev.saleday.reports.stability.Stability;
import dev.saleday.reports.verdict.Verdict;
import dev.saleday.reports.verdict.VerdictJson;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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

    @Parameters(paramLabel = "PLAN", description = "the plan file (saleday/v1 YAML)")
    Path plan;

    @Option(names = "--target", paramLabel = "local|kubeconfig",
            description = "overrides the plan's target.cluster")
    String target;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "overrides target.kubeconfig")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "CONTEXT",
            description = "overrides target.context; must be in guards.allowContexts")
    String context;

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

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "runs the plan N times (run-1 .. run-N under --out or results/<plan>-<time>-repeat/) and"
                    + " writes stability.md and stability.json beside them: per check min, median and max and the"
                    + " margin to its bound, flagging checks whose spread crosses it; exits with the worst verdict")
    int repeat;

    @Override
    public Integer call() throws Exception {
        Plan parsed = PlanInput.load(plan, spec.commandLine().getErr());
        if (repeat < 1) {
            throw new InvalidInputException("--repeat must be >= 1, got " + repeat);
        }
        if (repeat > 1) {
            if (dryRun) {
                throw new InvalidInputException("--repeat and --dry-run do not go together");
            }
            return repeated(parsed);
        }
        return once(parsed, out);
    }

    /** Runs the plan {@link #repeat} times, then writes the stability of its checks. */
    private int repeated(Plan parsed) throws Exception {
        Path base = out != null ? out : Path.of("results", parsed.name() + "-"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(java.time.LocalDateTime.now()) + "-repeat");
        List<Verdict> verdicts = new java.util.ArrayList<>();
        int worst = ExitCodes.PASS;
        for (int i = 1; i <= repeat; i++) {
            spec.commandLine().getOut().println("saleday: run " + i + " of " + repeat);
            Path runDir = base.resolve("run-" + i);
            int exit = once(parsed, runDir);
            worst = Math.max(worst, exit);
            Path verdict = runDir.resolve(VerdictJson.FILE_NAME);
            if (java.nio.file.Files.exists(verdict)) {
                verdicts.add(VerdictJson.read(verdict));
            }
        }
        Stability.Table table = Stability.of(verdicts);
        Stability.write(table, base);
        spec.commandLine().getOut().print(Stability.markdown(table));
        spec.commandLine().getOut().println("stability: " + base.resolve(Stability.MARKDOWN_FILE));
        spec.commandLine().getOut().flush();
        return worst;
    }

    private int once(Plan parsed, Path runOut) throws Exception {
        RunOptions options = new RunOptions(plan, target, kubeconfig, context, runOut, dryRun, baseline, scale);
        Plan effective = options.applyTo(parsed, spec.commandLine().getErr());
        GameDay.Outcome outcome = new GameDay(effective, options, spec.commandLine().getOut(),
                spec.commandLine().getErr(), Version.current()).run();
        if (!outcome.loadRan()) {
            return ExitCodes.PASS;
        }
        int verdict = AnalyzeCommand.analyze(outcome.runDir(), effective, spec.commandLine().getOut(),
                spec.commandLine().getErr());
        List<JournalReader.Entry> left = FaultsLeftApplied.in(outcome.runDir());
        if (!left.isEmpty()) {
            spec.commandLine().getErr().println(FaultsLeftApplied.describe(left, outcome.runDir()));
            return ExitCodes.INTERNAL;
        }
        return verdict;
    }
}
