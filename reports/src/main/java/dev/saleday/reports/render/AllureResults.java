package dev.saleday.reports.render;

import dev.saleday.reports.Outputs;
import dev.saleday.reports.analysis.FailureKind;
import dev.saleday.reports.analysis.FailureWindow;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.RunMetadata;
import dev.saleday.reports.verdict.Verdict;
import java.util.Locale;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code allure-results/}: one Allure test result per check, in Allure's documented JSON result format (written
 * with allure-java-commons' model and writer). Each result carries: suite = the check kind, parent suite = the
 * plan, a severity, the measured value and threshold as parameters, steps (measure, compare, one per failure
 * window), and attachments: the charts of what it measures (PNG), the percentile distribution of its scope, and
 * the timeline around its failure windows. Identifiers derive from plan, run start and check name, so rendering
 * the same run twice writes the same files, and history follows a check across runs.
 */
public final class AllureResults {

    public static final String DIR = "allure-results";

    private AllureResults() {
    }

    /** Writes the results into {@code resultsDir} (created; earlier results of this run are replaced). */
    public static void write(Path resultsDir, RunAnalysis analysis, Verdict verdict) throws IOException {
        Files.createDirectories(resultsDir);
        try (var old = Files.list(resultsDir)) {
            for (Path file : old.toList()) {
                Files.deleteIfExists(file);
            }
        }
        FileSystemResultsWriter writer = new FileSystemResultsWriter(resultsDir);
        RunMetadata run = verdict.run() != null ? verdict.run() : analysis.run();
        String plan = run == null || run.info().plan() == null ? "unnamed plan" : run.info().plan();
        String runKey = plan + "@" + (run == null ? null : run.info().startedAtMs());

        Map<String, Attachment> charts = writeCharts(writer, analysis, runKey, verdict.checks().stream()
                .anyMatch(c -> c.kind() == dev.saleday.reports.verdict.CheckKind.SERVER));
        for (Check check : verdict.checks()) {
            writer.write(result(check, analysis, run, plan, runKey, charts, writer));
        }
        writeEnvironment(resultsDir, run, verdict);
    }

    private static Map<String, Attachment> writeCharts(FileSystemResultsWriter writer, RunAnalysis analysis,
                                                       String runKey, boolean serverCharts) {
        ChartFrame frame = TimeCharts.frame(analysis);
        Map<String, Attachment> charts = new LinkedHashMap<>();
        List<TimeChart> all = new java.util.ArrayList<>(TimeCharts.all(analysis));
        if (serverCharts) {
            all.addAll(ServerCharts.all(analysis));
        }
        for (TimeChart chart : all) {
            String source = id(runKey, "chart", chart.id()) + "-attachment.png";
            writer.write(source, new ByteArrayInputStream(ChartImages.png(chart, frame)));
            charts.put(chart.id(), new Attachment().setName(chart.title()).setType("image/png").setSource(source));
        }
        return charts;
    }

    private static TestResult result(Check check, RunAnalysis analysis, RunMetadata run, String plan, String runKey,
                                     Map<String, Attachment> charts, FileSystemResultsWriter writer) {
        long start = run != null && run.info().loadStartMs() != null ? run.info().loadStartMs()
                : TimeCharts.loadStartMs(analysis);
        long stop = run != null && run.info().endedAtMs() != null ? run.info().endedAtMs()
                : analysis.overall() == null ? start : analysis.overall().endMs();
        Status status = status(check);
        String comparison = Formats.comparison(check);
        String message = check.passed() ? comparison
                : Double.isNaN(check.measured()) ? "not measured: " + check.detail()
                : "measured " + Formats.value(check.measured(), check.unit()) + ", threshold "
                        + check.comparison().symbol() + " " + Formats.value(check.threshold(), check.unit());
        List<FailureWindow> windows = CheckContext.windows(check, analysis);

        List<StepResult> steps = new ArrayList<>();
        steps.add(step("Measure " + check.name() + ": " + Formats.value(check.measured(), check.unit()),
                Double.isNaN(check.measured()) ? Status.BROKEN : Status.PASSED, start, stop)
                .setDescription(check.detail()));
        steps.add(step("Compare: " + comparison, status == Status.PASSED ? Status.PASSED : Status.FAILED, start, stop));
        for (FailureWindow window : windows) {
            steps.add(step(describe(window, analysis), Status.FAILED, window.fromMs(), window.toMs()));
        }

        List<Attachment> attachments = new ArrayList<>();
        for (String chartId : CheckContext.charts(check.kind())) {
            if (charts.containsKey(chartId)) {
                attachments.add(charts.get(chartId));
            }
        }
        ScopeStats scope = CheckContext.scope(check, analysis);
        if (scope != null && scope.all() != null && scope.all().count() > 0) {
            attachments.add(text(writer, runKey, check, "hgrm",
                    "Latency distribution, " + scope.name() + " (" + Outputs.hgrmFileName(scope.name(), false) + ")",
                    scope.all().hgrm()));
        }
        String timeline = CheckContext.timelineAround(check, windows, analysis);
        if (!timeline.isEmpty()) {
            attachments.add(text(writer, runKey, check, "timeline", "Timeline around "
                    + (windows.isEmpty() ? "its moment" : "its failure windows"), timeline));
        }

        List<Label> labels = new ArrayList<>(List.of(
                label("parentSuite", plan),
                label("suite", Formats.kind(check.kind())),
                label("feature", Formats.kind(check.kind())),
                label("severity", severity(check.kind())),
                label("framework", "saleday"),
                label("language", "java")));
        if (run != null && run.info().deployment() != null) {
            labels.add(label("subSuite", run.info().deployment()));
        }
        if (check.kind() == CheckKind.VALIDITY && !check.passed()) {
            labels.add(label("tag", "invalid-by-" + Verdict.InvalidBy.of(check).name().toLowerCase(Locale.ROOT)));
        }
        if (check.detail().contains(Verdict.InvalidBy.HOST_UNRELIABLE)) {
            labels.add(label("tag", "unreliable-host-starved"));
        }
        return new TestResult()
                .setUuid(id(runKey, "result", check.name()))
                .setHistoryId(id(plan, "history", check.name()))
                .setTestCaseId(id(plan, "case", check.name()))
                .setName(check.name())
                .setFullName("saleday." + plan + "." + check.name())
                .setDescription(check.detail())
                .setStatus(status)
                .setStatusDetails(new StatusDetails().setMessage(message)
                        .setExpected(check.comparison().symbol() + " " + Formats.value(check.threshold(), check.unit()))
                        .setActual(Formats.value(check.measured(), check.unit()))
                        .setTrace(windows.isEmpty() ? null : windows.stream().map(w -> describe(w, analysis))
                                .reduce((a, b) -> a + "\n" + b).orElse(null)))
                .setStage(Stage.FINISHED)
                .setStart(start)
                .setStop(stop)
                .setLabels(labels)
                .setParameters(List.of(
                        parameter("measured", Formats.value(check.measured(), check.unit())),
                        parameter("threshold", check.comparison().symbol() + " "
                                + Formats.value(check.threshold(), check.unit())),
                        parameter("unit", Formats.unitLabel(check.unit()))))
                .setSteps(steps)
                .setAttachments(attachments);
    }

    /** passed / failed; broken when the value could not be measured at all (the check still fails the verdict). */
    static Status status(Check check) {
        if (!check.reached()) {
            return Status.SKIPPED;
        }
        if (check.passed()) {
            return Status.PASSED;
        }
        if (check.kind() == CheckKind.VALIDITY && Verdict.InvalidBy.of(check) == Verdict.InvalidBy.HOST) {
            return Status.BROKEN; // the machine, not the model, broke the measurement
        }
        return Double.isNaN(check.measured()) ? Status.BROKEN : Status.FAILED;
    }

    /** Allure's severities: what a failure of each kind means for a sale day. */
    static String severity(CheckKind kind) {
        return switch (kind) {
            case VALIDITY -> "blocker";
            case ZERO_DOWNTIME, ERROR_RATE -> "critical";
            case LATENCY, SCALE_UP, ROLLOUT, BALANCE, SERVER -> "normal";
            case SCALE_DOWN, REGRESSION -> "minor";
        };
    }

    static String describe(FailureWindow window, RunAnalysis analysis) {
        StringBuilder kinds = new StringBuilder();
        for (FailureKind kind : FailureKind.values()) {
            long n = window.failures().count(kind);
            if (n > 0) {
                kinds.append(kinds.length() == 0 ? "" : ", ").append(kind.key()).append(' ').append(n);
            }
        }
        return "Failure window " + TimeCharts.clock(TimeCharts.secondsSinceLoadStart(analysis, window.fromMs()))
                + "–" + TimeCharts.clock(TimeCharts.secondsSinceLoadStart(analysis, window.toMs())) + " ("
                + Formats.duration(window.durationMillis()) + "): " + window.loadFailed() + " load and "
                + window.probeFailed() + " probe requests failed" + (kinds.length() == 0 ? "" : " (" + kinds + ")")
                + ", attributed to " + (window.fault() == null ? "no fault" : window.fault());
    }

    private static Attachment text(FileSystemResultsWriter writer, String runKey, Check check, String what,
                                   String name, String content) {
        String source = id(runKey, what, check.name()) + "-attachment.txt";
        writer.write(source, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        return new Attachment().setName(name).setType("text/plain").setSource(source);
    }

    private static StepResult step(String name, Status status, long startMs, long stopMs) {
        return new StepResult().setName(name).setStatus(status).setStage(Stage.FINISHED).setStart(startMs)
                .setStop(stopMs);
    }

    private static Label label(String name, String value) {
        return new Label().setName(name).setValue(value);
    }

    private static Parameter parameter(String name, String value) {
        return new Parameter().setName(name).setValue(value);
    }

    private static String id(String scope, String what, String name) {
        return UUID.nameUUIDFromBytes((scope + "\n" + what + "\n" + name).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** {@code environment.properties}: Allure's Environment panel. */
    private static void writeEnvironment(Path resultsDir, RunMetadata run, Verdict verdict) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("verdict", verdict.headline() + (verdict.complete() ? "" : " (incomplete)"));
        if (run != null) {
            put(environment, "plan", run.info().plan());
            put(environment, "cluster", run.info().cluster());
            put(environment, "namespace", run.info().namespace());
            put(environment, "deployment", run.info().deployment());
            put(environment, "url", run.info().url());
            put(environment, "saleday", run.info().saledayVersion());
            put(environment, "git.commit", run.info().gitCommit());
            put(environment, "gatling", run.gatlingVersion());
            put(environment, "started", Formats.utc(run.info().startedAtMs()));
        }
        // Written by hand rather than Properties.store: no date comment, so the same run gives the same file.
        StringBuilder text = new StringBuilder();
        environment.forEach((key, value) -> text.append(key).append('=')
                .append(value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "")).append('\n'));
        Files.writeString(resultsDir.resolve("environment.properties"), text.toString(), StandardCharsets.UTF_8);
    }

    private static void put(Map<String, String> environment, String key, String value) {
        if (value != null) {
            environment.put(key, value);
        }
    }
}
