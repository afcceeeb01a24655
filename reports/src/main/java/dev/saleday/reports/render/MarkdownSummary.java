package dev.saleday.reports.render;

import dev.saleday.reports.Renderer;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Comparison;
import dev.saleday.reports.verdict.MetricSummary;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Percentiles;
import dev.saleday.reports.verdict.RunMetadata;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code summary.md}: the verdict as GitHub-flavoured Markdown fit for a pull-request comment (or
 * {@code $GITHUB_STEP_SUMMARY}): a verdict line, the reasons, the checks table with ✅/❌, the key numbers, and
 * where the full report is. Text from the plan or the records is escaped so it cannot break the table or inject
 * markup.
 */
public final class MarkdownSummary implements Renderer {

    public static final String FILE = "summary.md";

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public void render(Path runDir, RunAnalysis analysis, Verdict verdict) throws IOException {
        Files.writeString(runDir.resolve(FILE), markdown(analysis, verdict), StandardCharsets.UTF_8);
    }

    /** The whole summary. */
    public static String markdown(RunAnalysis analysis, Verdict verdict) {
        RunMetadata run = verdict.run() != null ? verdict.run() : analysis.run();
        String plan = run == null || run.info().plan() == null ? "unnamed plan" : run.info().plan();
        StringBuilder md = new StringBuilder();
        long failed = verdict.failedChecks().size();
        md.append("## ").append(icon(verdict.verdict())).append(" saleday: **").append(verdict.headline())
                .append("** · ").append(text(plan)).append("\n\n");
        md.append(verdict.checks().size() - failed).append(" of ").append(verdict.checks().size())
                .append(" checks passed");
        if (!verdict.complete()) {
            md.append(" · ⚠️ incomplete records (the checks hold for the recorded part)");
        }
        md.append(" · exit status ").append(verdict.exitStatus());
        if (run != null) {
            md.append(" · ").append(text(run.info().deployment() == null ? "" : run.info().deployment()))
                    .append(run.info().namespace() == null ? "" : " in " + text(run.info().namespace()))
                    .append(" · ").append(Formats.utc(run.info().startedAtMs()));
            if (run.info().gitCommit() != null) {
                md.append(" · commit ").append(text(run.info().gitCommit()));
            }
        }
        md.append("\n\n");
        for (String reason : verdict.reasons()) {
            md.append("- ").append(text(reason)).append('\n');
        }
        if (!verdict.reasons().isEmpty()) {
            md.append('\n');
        }
        md.append("| | Check | Measured | | Threshold | Unit |\n|:-:|---|--:|:-:|--:|---|\n");
        for (Check check : verdict.checks()) {
            md.append("| ").append(!check.reached() ? "⏸️" : check.passed() ? "✅" : "❌").append(" | ").append(text(check.name()))
                    .append(" | ").append(Formats.bare(check.measured(), check.unit()))
                    .append(" | ").append(check.comparison() == Comparison.AT_MOST ? "≤" : "≥")
                    .append(" | ").append(Formats.bare(check.threshold(), check.unit()))
                    .append(" | ").append(text(Formats.unitLabel(check.unit()))).append(" |\n");
        }
        if (verdict.checks().isEmpty()) {
            md.append("| | the plan declares no checks | | | | |\n");
        }
        if (!verdict.summary().isEmpty()) {
            md.append("\n**Key numbers** (latency of all requests)\n\n")
                    .append("| Scope | Requests | Failed | Error rate | p50 | p95 | p99 | max |\n")
                    .append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
            for (MetricSummary scope : verdict.summary()) {
                Percentiles p = scope.all();
                md.append("| ").append(text(scope.scope())).append(" | ").append(scope.requests()).append(" | ")
                        .append(scope.failed()).append(" | ").append(Formats.value(scope.errorRate(), "fraction"))
                        .append(" | ").append(p == null ? "–" : ms(p.p50Ms())).append(" | ")
                        .append(p == null ? "–" : ms(p.p95Ms())).append(" | ")
                        .append(p == null ? "–" : ms(p.p99Ms())).append(" | ")
                        .append(p == null ? "–" : ms(p.maxMs())).append(" |\n");
            }
        }
        md.append("\nFull report: [").append(HtmlReport.FILE).append("](").append(HtmlReport.FILE)
                .append(") · Allure: [").append(AllureReport.DIR).append("/index.html](").append(AllureReport.DIR)
                .append("/index.html) · [verdict.json](verdict.json) · [junit.xml](").append(JUnitXml.FILE)
                .append(") (paths in the run directory)\n");
        return md.toString();
    }

    private static String icon(Outcome outcome) {
        return switch (outcome) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case INVALID -> "⚠️";
        };
    }

    private static String ms(double value) {
        return Formats.number(value, 1) + " ms";
    }

    /**
     * Markdown-safe text on one line: backslash before Markdown's punctuation, {@code |} escaped for tables, and
     * {@code < > &} as entities so no HTML reaches the comment.
     */
    static String text(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '~' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
