package dev.saleday.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.reports.analysis.FaultEvents;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    static final String HOSTILE_PLAN = "sale <script>document.documentElement.setAttribute('data-pwned','1')</script> "
            + "& \"day\"";

    @Test
    void failingVerdictComesFirstThenTheCheckTableWithTheFailedChecks() {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        String page = HtmlReport.page(analysis, SampleRun.failingVerdict(analysis), null);

        assertThat(page).contains("<section class=\"verdict FAIL\"");
        assertThat(page.indexOf("id=\"verdict\"")).isLessThan(page.indexOf("<table class=\"checks\">"));
        assertThat(page.indexOf("<table class=\"checks\">")).isLessThan(page.indexOf("id=\"chart-latency\""));
        assertThat(page).contains("4 of 6 checks passed").contains("2 failed");
        assertThat(failedRows(page)).containsExactly("latency.peak.p99", "zeroDowntime.kill-30pc.failed");
        assertThat(page).contains("<tr class=\"passed\"><td>Validity</td><td><strong>validity.achievedRate");
        for (String id : List.of("latency", "throughput", "errors", "replicas", "versions", "pods")) {
            assertThat(page).contains("id=\"chart-" + id + "\"");
        }
        assertThat(page).contains("The run directory holds no plan.yaml.");
    }

    @Test
    void passingVerdictReadsPass() {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        String page = HtmlReport.page(analysis, SampleRun.passingVerdict(analysis), "kind: GameDay\n");

        assertThat(page).contains("<section class=\"verdict PASS\"").contains("2 of 2 checks passed")
                .doesNotContain("<tr class=\"failed\">").contains("<pre class=\"plan\">kind: GameDay\n</pre>");
    }

    @Test
    void userTextIsEscapedInMarkupAndInTheChartData() {
        RunAnalysis sample = SampleRun.analysis(HOSTILE_PLAN);
        List<FaultEvents> faults = new ArrayList<>(sample.faults());
        faults.add(new FaultEvents("</script><img src=x onerror=alert(1)>", "pod-kill", null,
                SampleRun.LOAD_START_MS + 5_000, null, "applied", List.of("<b>pod</b>"), "<i>boom</i>"));
        RunAnalysis analysis = new RunAnalysis(sample.run(), true, List.of(), sample.overall(), sample.phases(),
                sample.seconds(), sample.replicas(), sample.versionMix(), sample.pods(), faults,
                sample.failureWindows(), sample.timeline(), sample.answers());
        Verdict verdict = SampleRun.failingVerdict(analysis);

        String page = HtmlReport.page(analysis, verdict, "metadata: {name: \"</pre><script>alert(2)</script>\"}\n");

        assertThat(page).doesNotContain("<script>document").doesNotContain("<img src=x")
                .doesNotContain("<b>pod</b>").doesNotContain("<i>boom</i>").doesNotContain("<script>alert(2)");
        assertThat(page).contains("sale &lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned&#39;")
                .contains("&amp; &quot;day&quot;");
        // In the JSON block the marker label keeps its text, with < and > as unicode escapes.
        assertThat(page).contains("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e");
        // Only our three script elements: data, ECharts, the page's own.
        assertThat(Pattern.compile("<script[\\s>]").matcher(page).results().count()).isEqualTo(3);
    }

    @Test
    void pageFetchesNothing() {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        String page = HtmlReport.page(analysis, SampleRun.failingVerdict(analysis), null);

        Matcher external = Pattern.compile("(?i)(src|href|action)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(page);
        assertThat(external.find()).as("an attribute pointing at a URL").isFalse();
        assertThat(page).doesNotContainPattern("(?i)<link[^>]+stylesheet").doesNotContainPattern("(?i)url\\(\\s*['\"]?https?:")
                .doesNotContainPattern("(?i)@import").doesNotContainPattern("(?i)<script[^>]+src=");
        // The library is inlined whole.
        assertThat(page.length()).isGreaterThan(EChartsLibrary.get().script().length());
        assertThat(page).contains("Content-Security-Policy").contains("default-src 'none'");
    }

    @Test
    void rendererWritesReportIndexHtmlWithThePlanBesideTheRecords(@TempDir Path runDir) throws Exception {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        Files.writeString(runDir.resolve("plan.yaml"), "apiVersion: saleday/v1\nmetadata: {name: x < y}\n");

        new HtmlReport().render(runDir, analysis, SampleRun.failingVerdict(analysis));

        String page = Files.readString(runDir.resolve("report/index.html"));
        assertThat(page).contains("<pre class=\"plan\">apiVersion: saleday/v1\nmetadata: {name: x &lt; y}\n</pre>");
    }

    private static List<String> failedRows(String page) {
        Matcher rows = Pattern.compile("<tr class=\"failed\"><td>[^<]*</td><td><strong>([^<]+)</strong>").matcher(page);
        List<String> names = new ArrayList<>();
        while (rows.find()) {
            names.add(rows.group(1));
        }
        return names;
    }
}
