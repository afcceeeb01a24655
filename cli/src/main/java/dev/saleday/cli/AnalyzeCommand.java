package dev.saleday.cli;

import dev.saleday.plan.Plan;
import dev.saleday.reports.Analyzer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyses a run directory again, from its records alone (plan.yaml, simulation.log,",
            "probe.jsonl, timeline.jsonl, ...): writes verdict.json, summary.md, junit.xml, report/index.html,",
            "allure-results/ and *.hgrm, prints the verdict. Same files, same verdict, on any machine."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:every check passed",
            "1:a check failed",
            "2:not a run directory, unreadable records, or an invalid run",
            "3:internal error"})
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "a run directory written by `saleday run`")
    Path runDir;

    @Option(names = "--baseline", paramLabel = "VERDICT",
            description = "an earlier verdict.json to compare with (overrides the plan's report.baseline)")
    Path baseline;

    @Override
    public Integer call() throws Exception {
        Plan plan = RunDirectories.plan(runDir, spec.commandLine().getErr());
        if (baseline != null) {
            plan = plan.withReport(plan.report().withBaseline(baseline.toAbsolutePath().toString()));
        }
        return analyze(runDir, plan, spec.commandLine().getOut(), spec.commandLine().getErr()).exitStatus();
    }

    /** Analyses, writes every output, prints the verdict; shared with {@code saleday run}. */
    static Analyzer.Result analyze(Path runDir, Plan plan, java.io.PrintWriter out, java.io.PrintWriter err)
            throws java.io.IOException {
        Analyzer.Result result = Analyzer.analyzeAndWrite(runDir, plan, Path.of("").toAbsolutePath());
        VerdictPrinter.print(result.verdict(), out);
        for (String problem : result.problems()) {
            err.println("saleday: " + problem);
        }
        Path report = runDir.resolve("report").resolve("index.html");
        if (java.nio.file.Files.exists(report)) {
            out.println("report: " + report);
        }
        out.println("verdict: " + runDir.resolve("verdict.json"));
        out.flush();
        return result;
    }
}
