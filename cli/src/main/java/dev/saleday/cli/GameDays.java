package dev.saleday.cli;

import dev.saleday.records.JournalReader;
import dev.saleday.cli.injectors.InjectorFleet;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.cli.run.FaultsLeftApplied;
import dev.saleday.cli.run.GameDay;
import dev.saleday.cli.run.RunOptions;
import dev.saleday.plan.Plan;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.checks.Judge;
import dev.saleday.records.RecordException;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a plan and judges it, from Java: the one entry {@code saleday run} and the JUnit 5 extension go through (the
 * Maven plugin forks {@code saleday run} with the same {@link RunOptions}). A static-only entry.
 *
 * <pre>{@code
 * GameDays.RunResult result = GameDays.run(RunOptions.of(Path.of("plans/ci.yaml"))
 *         .withOut(Path.of("target/saleday/ci")));
 * if (result.verdict().verdict() != Outcome.PASS) { ... }
 * }</pre>
 *
 * Gatling runs in the calling JVM: it needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED}.
 */
public final class GameDays {

    private GameDays() {
    }

    /**
     * What a run gave.
     *
     * @param runDir   the run directory (every output in it: verdict.json, junit.xml, allure-results/, report/)
     * @param verdict  the verdict; null after a dry run
     * @param analysis the numbers the verdict was judged on; null after a dry run or when the records were unreadable
     * @param exitCode what {@code saleday run} exits with: 0 PASS (or a dry run), 1 FAIL, 2 INVALID, 3 when a fault
     *                 could not be undone (whatever the verdict)
     */
    public record RunResult(Path runDir, Verdict verdict, RunAnalysis analysis, int exitCode) {

        /** @return whether the build should fail: FAIL always, INVALID when {@code failOn} says so, exit code 3 */
        public boolean fails(FailOn failOn) {
            if (exitCode == ExitCodes.INTERNAL) {
                return true;
            }
            return verdict != null && failOn.fails(verdict.verdict());
        }
    }

    /** Which verdicts fail a build; a FAIL always does. */
    public enum FailOn {
        /** FAIL and INVALID fail the build (the default: an invalid run proved nothing). */
        FAIL_OR_INVALID,
        /** Only FAIL fails the build; an INVALID run is reported as a warning. */
        FAIL;

        public boolean fails(Outcome outcome) {
            return outcome == Outcome.FAIL || outcome == Outcome.INVALID && this == FAIL_OR_INVALID;
        }
    }

    /**
     * Validates the plan with the overrides, runs it (embedded cluster or kubeconfig), undoes every fault, analyses the
     * records and writes every output into the run directory; prints as {@code saleday run} does.
     *
     * @throws InvalidInputException when the plan or an override is wrong (its problems printed to
     *                               standard error); nothing was touched
     * @throws IOException           when the run directory cannot be written
     * @throws IllegalStateException when this JVM does not open java.lang to Gatling (before anything is touched)
     * @throws RuntimeException      when the run could not start or stopped early (everything it started is stopped,
     *                               every fault undone, the records so far left in the run directory)
     */
    public static RunResult run(RunOptions options) throws IOException {
        return run(options, stdout(), stderr());
    }

    /**
     * {@link #run(RunOptions)} with its console elsewhere.
     *
     * @param out progress lines, the verdict and where the report is
     * @param err problems (a plan's, one per line as {@code file:line:col: path: message})
     */
    public static RunResult run(RunOptions options, PrintWriter out, PrintWriter err) throws IOException {
        Plan parsed = PlanInput.load(options.planFile(), err);
        Plan effective = options.applyTo(parsed, err);
        if (effective.traffic().injectors() > 1) {
            InjectorFleet.cpu(); // a bad -Dsaleday.injector.cpu is refused before anything is touched
        }
        dev.saleday.cli.run.LocalClusterSession.checkOptions(effective);
        if (!options.dryRun() && !Object.class.getModule().isOpen("java.lang", GameDays.class.getModule())) {
            throw new IllegalStateException("saleday runs Gatling in this JVM, which needs"
                    + " --add-opens=java.base/java.lang=ALL-UNNAMED (Surefire/Failsafe: in <argLine>)");
        }
        GameDay.Outcome outcome = new GameDay(effective, options, out, err, Version.current()).run();
        if (!outcome.loadRan()) {
            return new RunResult(outcome.runDir(), null, null, ExitCodes.PASS);
        }
        Analyzer.Result judged = AnalyzeCommand.analyze(outcome.runDir(), effective, out, err);
        List<JournalReader.Entry> left = FaultsLeftApplied.in(outcome.runDir());
        int exitCode = judged.exitStatus();
        if (!left.isEmpty()) {
            err.println(FaultsLeftApplied.describe(left, outcome.runDir()));
            err.flush();
            exitCode = ExitCodes.INTERNAL;
        }
        return new RunResult(outcome.runDir(), judged.verdict(), judged.analysis(), exitCode);
    }

    /**
     * Judges a finished run again from its records alone (its plan.yaml and record files), writing nothing: unreadable
     * records give an INVALID verdict, a fault its journal still holds exit code 3, as after {@link #run}.
     *
     * @throws InvalidInputException when {@code runDir} is not a run directory
     */
    public static RunResult judge(Path runDir) throws IOException {
        return judge(runDir, stderr());
    }

    /** {@link #judge(Path)}, a plan's problems printed to {@code err}. */
    public static RunResult judge(Path runDir, PrintWriter err) throws IOException {
        Plan plan = RunDirectories.plan(runDir, err);
        Analyzer.Result judged;
        try {
            judged = Analyzer.analyze(runDir, plan, Analyzer.baseline(plan, Path.of("").toAbsolutePath()));
        } catch (RecordException e) {
            judged = new Analyzer.Result(null, Judge.unreadable(e.getMessage(), null), List.of());
        }
        int exitCode = FaultsLeftApplied.in(runDir).isEmpty() ? judged.exitStatus() : ExitCodes.INTERNAL;
        return new RunResult(runDir.toAbsolutePath().normalize(), judged.verdict(), judged.analysis(), exitCode);
    }

    private static PrintWriter stdout() {
        return new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    }

    private static PrintWriter stderr() {
        return new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    }
}
