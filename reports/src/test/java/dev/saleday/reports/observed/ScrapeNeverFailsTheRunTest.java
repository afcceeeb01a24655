package dev.saleday.reports.observed;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Observe;
import dev.saleday.plan.Plan;
import dev.saleday.plan.Slo;
import dev.saleday.records.JsonLinesWriter;
import dev.saleday.records.PodMetricsFile;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.render.HtmlReport;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scrape that cannot work (no such port on the pods; the API server's RBAC refusing pods/proxy) gives one clear
 * line in the report and leaves the verdict as the client's records make it: the server checks the plan asked for are
 * not reached, never failed, and the run is not INVALID.
 */
class ScrapeNeverFailsTheRunTest {

    @TempDir
    Path dir;

    @Test
    void noSuchPortIsOneLineAndTheVerdictStaysTheClients() throws Exception {
        assertOneLineAndTheClientsVerdict(pod -> "HTTP 400 from the pod proxy for nosuch/metrics: pod " + pod
                        + " has no port named nosuch",
                "the pods' metrics could not be read (6 of 6 scrapes failed): HTTP 400 from the pod proxy for"
                        + " nosuch/metrics: pod has no port named nosuch; the verdict is the client's alone",
                "has no port named nosuch");
    }

    /** The reason the recorder writes when the API server's RBAC refuses pods/proxy (CapacityEndToEndTest, cli). */
    @Test
    void podProxyRefusedByRbacIsOneLineAndTheVerdictStaysTheClients() throws Exception {
        String refused = "the API server refused 'get pods/proxy' (RBAC): grant it to saleday's Role (k8s/rbac) to"
                + " see the pods' metrics";
        assertOneLineAndTheClientsVerdict(pod -> refused, "the pods' metrics could not be read (6 of 6 scrapes"
                + " failed): " + refused + "; the verdict is the client's alone", "refused 'get pods/proxy' (RBAC)");
    }

    private void assertOneLineAndTheClientsVerdict(java.util.function.UnaryOperator<String> reason, String line,
                                                   String detail) throws Exception {
        Path runDir = dir.resolve("run");
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 5_000, 500, 10, true);
        }
        try (JsonLinesWriter out = PodMetricsFile.create(runDir, new PodMetricsFile.Header(RunDir.LOAD_START_MS,
                "shop", "recommendation", "nosuch", "/metrics", 2000, null))) {
            for (int round = 0; round < 3; round++) {
                for (String pod : List.of("reco-7d9f-abcde", "reco-7d9f-fghij")) {
                    out.write(new PodMetricsFile.Failure(RunDir.LOAD_START_MS + round * 2000L, "pod", pod, round,
                            reason.apply(pod)));
                }
            }
        }
        Plan base = Plans.plan(List.of(phase("baseline", 5, 100)), List.of(),
                Plans.slo(List.of(), List.of(new Slo.Errors(null, 0.01)), List.of(), null, null, List.of()));
        Plan plan = new Plan(base.name(), base.target(), base.traffic(), base.faults(), base.guards(), base.slo(),
                base.report(), new Observe("nosuch", "/metrics", Duration.ofSeconds(2), null, Map.of(), 0.01, 0.2));

        Analyzer.Result result = Analyzer.analyzeAndWrite(runDir, plan, dir, List.of(new HtmlReport()));

        assertThat(result.verdict().verdict()).isEqualTo(Outcome.PASS);
        assertThat(result.exitStatus()).isZero();
        assertThat(result.verdict().checks()).filteredOn(c -> c.name().startsWith("server."))
                .extracting(Check::name).containsExactly("server.errorRate", "server.throttled");
        assertThat(result.verdict().checks()).filteredOn(c -> c.name().startsWith("server.")).allSatisfy(c -> {
            assertThat(c.reached()).isFalse();
            assertThat(c.failed()).isFalse();
            assertThat(c.detail()).contains(detail);
        });
        String full = Files.readString(runDir.resolve(HtmlReport.FILE));
        String page = full.substring(full.indexOf("<h2>Checks</h2>"), full.indexOf("<h2>Run</h2>"));
        assertThat(page).contains("<strong>Server side:</strong> " + line.replace("'", "&#39;"));
        assertThat(page.split("<strong>Server side:</strong>", -1)).hasSize(2); // one line
        assertThat(page).contains("id=\"capacity\"", "id=\"cost\"");
    }
}
