package dev.saleday.reports;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.records.RecordException;
import dev.saleday.records.RunRecords;
import dev.saleday.reports.analysis.Analysis;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.checks.Checks;
import dev.saleday.reports.checks.Judge;
import dev.saleday.reports.verdict.Verdict;
import dev.saleday.reports.verdict.VerdictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The entry point of {@code saleday analyze}: a run directory and its plan in, a verdict out. Pure: the same files
 * give the same verdict, later, on another machine.
 */
public final class Analyzer {

    private Analyzer() {
    }

    /**
     * What analysing a run gave.
     *
     * @param analysis the numbers (null when the records were unreadable)
     * @param verdict  the verdict
     * @param problems outputs that could not be written (renderer failures), one sentence each
     */
    public record Result(RunAnalysis analysis, Verdict verdict, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        /** @return the exit status: 0 PASS, 1 FAIL, 2 INVALID or unreadable input */
        public int exitStatus() {
            return verdict.exitStatus();
        }
    }

    /**
     * Reads and analyses a run, without writing anything.
     *
     * @param baseline an earlier run's verdict for {@code report.regression}, or null
     * @throws RecordException when the records are unreadable (exit status 2)
     */
    public static Result analyze(Path runDir, Plan plan, Verdict baseline) {
        PlanSchedule schedule = PlanSchedule.of(plan);
        RunAnalysis analysis = Analysis.analyze(RunRecords.load(runDir), plan, schedule);
        Verdict verdict = Judge.judge(analysis, Checks.evaluate(analysis, plan, schedule, baseline),
                plan.target() == null ? null : plan.target().service());
        return new Result(analysis, verdict, List.of());
    }

    /**
     * Analyses a run and writes every output (verdict.json, .hgrm, and the renderers'). Unreadable records still give
     * a verdict.json: INVALID, with the reason. The baseline is {@code plan.report.baseline}, resolved against
     * {@code baseDir} (the directory the command runs in); a missing baseline file means no regression checks.
     *
     * @throws IOException when an output cannot be written
     */
    public static Result analyzeAndWrite(Path runDir, Plan plan, Path baseDir) throws IOException {
        return analyzeAndWrite(runDir, plan, baseDir, Outputs.renderers());
    }

    /** As {@link #analyzeAndWrite(Path, Plan, Path)} with the given renderers only (verdict.json and .hgrm always). */
    public static Result analyzeAndWrite(Path runDir, Plan plan, Path baseDir, List<Renderer> renderers)
            throws IOException {
        Result result;
        try {
            result = analyze(runDir, plan, baseline(plan, baseDir));
        } catch (RecordException e) {
            Verdict verdict = Judge.unreadable(e.getMessage(), null);
            if (Files.isDirectory(runDir)) {
                VerdictJson.write(verdict, runDir.resolve(VerdictJson.FILE_NAME));
            }
            return new Result(null, verdict, List.of());
        }
        List<String> problems = Outputs.writeAll(runDir, result.analysis(), result.verdict(), renderers);
        return new Result(result.analysis(), result.verdict(), problems);
    }

    /**
     * @return the plan's baseline verdict, or null when the plan names none or the file does not exist
     * @throws RecordException when the file exists but is not a verdict.json this saleday reads
     */
    public static Verdict baseline(Plan plan, Path baseDir) {
        if (plan.report() == null || plan.report().baseline() == null) {
            return null;
        }
        Path file = baseDir.resolve(plan.report().baseline());
        return Files.exists(file) ? VerdictJson.read(file) : null;
    }
}
