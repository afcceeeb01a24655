package dev.saleday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saleday validate}: one summary line and exit 0, or every problem with its place and exit 2. */
class ValidateCommandTest {

    record Result(int exitCode, String out, String err) {
    }

    static Result saleday(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Saleday.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    static final String VALID = """
            apiVersion: saleday/v1
            kind: GameDay
            metadata: {name: t}
            target: {namespace: shop, deployment: reco, service: reco-svc, manifests: .}
            traffic:
              phases:
                - {name: baseline, duration: 30s, rate: 20}
                - {name: peak, duration: 1m, rate: 200}
            chaos:
              - {name: kill, at: peak+5s, action: pod-kill, selector: app=reco}
            slo:
              latency: [{phase: peak, p95: 200ms, p99: 400ms}]
              zeroDowntime: [{fault: kill, recoverWithin: 10s}]
            """;

    @Test
    void aValidPlanPrintsItsSummary(@TempDir Path dir) throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), VALID);

        Result result = saleday("validate", plan.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PASS);
        // checks: 2 latency bounds + zero downtime + its recovery + the run's validity (achieved rate, injection lag,
        // send lag, host headroom)
        assertThat(result.out()).isEqualTo("plan OK: 2 phases, 1 fault, 8 checks, load 1m30s"
                + System.lineSeparator());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void anInvalidPlanPrintsEveryProblemAndExits2(@TempDir Path dir) throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), VALID.replace("rate: 200", "rate: -1")
                .replace("p99: 400ms", "p99: 100ms"));

        Result result = saleday("validate", plan.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err().lines()).containsExactly(
                plan + ":8:40: traffic.phases[1].rate: expected a rate > 0 requests per second, got -1",
                plan + ":12:44: slo.latency[0].p99: p99 (100ms) is below p95 (200ms): percentiles must not decrease",
                "saleday: 2 problems in the plan; nothing was run");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void theEffectivePlanCanBePrinted(@TempDir Path dir) throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), VALID);

        Result result = saleday("validate", "--effective", plan.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("container: model", "allowContexts:", "- saleday-local",
                "minAchievedRate: 95%");
    }

    @Test
    void aMissingFileOrOptionIsInvalidInput(@TempDir Path dir) {
        Result missing = saleday("validate", dir.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(missing.err()).contains("no plan file at");

        Result unknown = saleday("validate", "--frobnicate", "x.yaml");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(unknown.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void everyCommandHasHelp() {
        Result help = saleday("validate", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: saleday validate", "Exit codes:");
        Result top = saleday("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("validate", "Exit codes:");
    }
}
