package dev.saleday.reports.stability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StabilityTest {

    private static Verdict run(double p99Ms, double achieved) {
        List<Check> checks = List.of(
                Check.of("validity.achievedRate", CheckKind.VALIDITY, achieved, 0.95, "fraction", Comparison.AT_LEAST,
                        "", null),
                Check.of("latency.peak.p99", CheckKind.LATENCY, p99Ms, 600, "ms", Comparison.AT_MOST, "", null));
        boolean failed = checks.stream().anyMatch(c -> !c.passed());
        return new Verdict(failed ? Outcome.FAIL : Outcome.PASS, true, checks, null, List.of(), List.of());
    }

    @Test
    void perCheckSpreadAndMarginFlagTheChecksWhoseSpreadCrossesTheBound(@TempDir Path dir) throws Exception {
        Stability.Table table = Stability.of(List.of(run(145, 0.99), run(1534, 0.998), run(210, 0.97)));

        assertThat(table.outcomes()).containsExactly("PASS", "FAIL", "PASS");
        Stability.Row p99 = table.rows().get(1);
        assertThat(p99.name()).isEqualTo("latency.peak.p99");
        assertThat(p99.min()).isEqualTo(145);
        assertThat(p99.median()).isEqualTo(210);
        assertThat(p99.max()).isEqualTo(1534);
        assertThat(p99.minMargin()).isEqualTo(600 - 1534);
        assertThat(p99.passed()).isEqualTo(2);
        assertThat(p99.flaky()).isTrue();
        Stability.Row achieved = table.rows().get(0);
        assertThat(achieved.minMargin()).isCloseTo(0.97 - 0.95, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(achieved.flaky()).isFalse();

        Stability.write(table, dir);
        assertThat(Files.readString(dir.resolve(Stability.MARKDOWN_FILE))).contains(
                "| `latency.peak.p99` | 2/3 | 145 | 210 | 1534 | <= 600 ms | -934 | **flaky at this scale** |");
        assertThat(Files.readString(dir.resolve(Stability.JSON_FILE))).contains("\"format\" : \"saleday.stability\"",
                "\"flaky\" : true");
    }
}
