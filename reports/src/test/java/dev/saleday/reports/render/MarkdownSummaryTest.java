package dev.saleday.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.reports.analysis.RunAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownSummaryTest {

    @Test
    void failingVerdictListsTheFailedChecksWithCrosses(@TempDir Path runDir) throws Exception {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        new MarkdownSummary().render(runDir, analysis, SampleRun.failingVerdict(analysis));

        String md = Files.readString(runDir.resolve(MarkdownSummary.FILE));

        assertThat(md).startsWith("## ❌ saleday: **FAIL** · big-billion-day\n");
        assertThat(md).contains("4 of 6 checks passed");
        assertThat(md).containsPattern("\\| ❌ \\| latency.peak.p99 \\| \\d+(\\.\\d+)? \\| ≤ \\| 50 \\| ms \\|");
        assertThat(md).contains("| ❌ | zeroDowntime.kill-30pc.failed |");
        assertThat(md).contains("| ✅ | validity.achievedRate | 99.8 | ≥ | 95 | % |");
        assertThat(md).contains("- latency.peak.p99: ");
        assertThat(md).contains("| overall | 70810 |");
        assertThat(md).contains("[report/index.html](report/index.html)");
        // Every table row has the header's number of cells.
        md.lines().filter(l -> l.startsWith("| ✅") || l.startsWith("| ❌"))
                .forEach(l -> assertThat(l.split("(?<!\\\\)\\|", -1)).hasSize(8));
    }

    @Test
    void passingVerdictHasOnlyTicks() {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);

        String md = MarkdownSummary.markdown(analysis, SampleRun.passingVerdict(analysis));

        assertThat(md).startsWith("## ✅ saleday: **PASS**").contains("2 of 2 checks passed").doesNotContain("❌");
    }

    @Test
    void planTextCannotBreakTheTableOrInjectMarkup() {
        RunAnalysis analysis = SampleRun.analysis("a|b <img src=x> [link](http://x) *bold*");

        String md = MarkdownSummary.markdown(analysis, SampleRun.failingVerdict(analysis));

        assertThat(md.lines().findFirst().orElseThrow())
                .isEqualTo("## ❌ saleday: **FAIL** · a\\|b &lt;img src=x&gt; \\[link\\](http://x) \\*bold\\*");
    }
}
