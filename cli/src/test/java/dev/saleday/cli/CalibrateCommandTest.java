package dev.saleday.cli;

import static dev.saleday.cli.ValidateCommandTest.saleday;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.PlanParser;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saleday calibrate} without a cluster: from plans/ci.yaml's records of an idle 2-core run (host.jsonl and
 * injector.jsonl), the printed figures and the copy it writes; bad input exits 2 and measures nothing.
 */
class CalibrateCommandTest {

    private static Path recorded() throws URISyntaxException {
        return Path.of(CalibrateCommandTest.class.getResource("/calibrate/ci-run/host.jsonl").toURI()).getParent();
    }

    private static Path ciPlan(Path dir) throws Exception {
        // the shipped plan with its manifests path made absolute, so the copy is valid in any folder
        Path shipped = Path.of("..", "plans", "ci.yaml").toAbsolutePath().normalize();
        String text = Files.readString(shipped).replace("manifests: ../k8s/overlays/local",
                "manifests: " + shipped.getParent().resolveSibling("k8s/overlays/local"));
        return Files.writeString(dir.resolve("ci.yaml"), text);
    }

    @Test
    void fromARecordedRunItPrintsTheCostsAndTheLargestScaleAndWritesACopyKeepingItsComments(@TempDir Path dir)
            throws Exception {
        Path plan = ciPlan(dir);
        Path copy = dir.resolve("ci-calibrated.yaml");

        ValidateCommandTest.Result result = saleday("calibrate", plan.toString(), "--from", recorded().toString(),
                "--write", copy.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.PASS);
        assertThat(result.out()).contains("calibrate ci on this host (2 CPUs)", "the injector", "ms of CPU a request",
                "one pod answers", "at its 300m CPU limit", "starved from 1.80 CPUs of our own (90 % of 2); 10 %"
                + " margin: 1.62 CPUs", "the plan's peak   300 req/s at scale 0.003 needs",
                "largest traffic.scale: ", "wrote " + copy);
        String scale = result.out().replaceAll("(?s).*largest traffic.scale: ([0-9.]+).*", "$1");
        assertThat(Double.parseDouble(scale)).isBetween(0.001, 0.05);
        String original = Files.readString(plan);
        String written = Files.readString(copy);
        // only the scale's value changed: every comment, key and blank line kept
        assertThat(written).isEqualTo(original.replace("  scale: 0.003", "  scale: " + scale));
        assertThat(PlanParser.parse(copy).traffic().scale()).isEqualTo(Double.parseDouble(scale));
    }

    @Test
    void badInputExits2AndMeasuresNothing(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), ValidateCommandTest.VALID.replace("rate: 200",
                "rate: -1"));
        ValidateCommandTest.Result plan = saleday("calibrate", broken.toString(), "--out",
                dir.resolve("never").toString());
        assertThat(plan.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(plan.err()).contains(broken + ":8:").contains("rate");
        assertThat(dir.resolve("never")).doesNotExist();

        Path valid = ciPlan(dir);
        ValidateCommandTest.Result margin = saleday("calibrate", valid.toString(), "--margin", "100");
        assertThat(margin.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(margin.err()).contains("--margin: must be in [0, 100)");

        // the target overrides are run's and capacity's: checked against the plan before anything is measured
        ValidateCommandTest.Result target = saleday("calibrate", valid.toString(), "--target", "cloud", "--out",
                dir.resolve("never").toString());
        assertThat(target.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(target.err()).contains("--target: expected local or kubeconfig, got 'cloud'");
        assertThat(dir.resolve("never")).doesNotExist();

        ValidateCommandTest.Result noRecords = saleday("calibrate", valid.toString(), "--from", dir.toString());
        assertThat(noRecords.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(noRecords.err()).contains("host.jsonl", "missing");

        ValidateCommandTest.Result itself = saleday("calibrate", valid.toString(), "--from", recorded().toString(),
                "--write", valid.toString());
        assertThat(itself.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(itself.err()).contains("is the plan itself");
    }

    @Test
    void theMeasurementIsThePlansTrafficInFourStepsToItsPeakWithoutFaults(@TempDir Path dir) throws Exception {
        dev.saleday.plan.Plan plan = PlanParser.parse(ciPlan(dir));
        dev.saleday.plan.Plan steps = CalibrateCommand.steps(plan, 100_000);
        assertThat(steps.faults()).isEmpty();
        assertThat(plan.faults()).isNotEmpty();
        assertThat(steps.traffic().scale()).isEqualTo(plan.traffic().scale());
        assertThat(steps.traffic().users()).isEqualTo(plan.traffic().users());
        assertThat(steps.traffic().phases()).extracting(dev.saleday.plan.Phase::startRateRps)
                .containsExactly(25_000.0, 50_000.0, 75_000.0, 100_000.0);
        assertThat(steps.traffic().totalDuration()).isEqualTo(java.time.Duration.ofSeconds(40));
        assertThat(steps.target()).isEqualTo(plan.target());
    }

    @Test
    void theScaleLineIsEditedInTheTextOrAddedWhenThePlanHasNone() {
        String plan = """
                # the day
                traffic:
                  # a fifth of the day
                  scale: 0.2   # keep me
                  phases:
                    - {name: a, duration: 10s, rate: 10}
                slo: {}
                """;
        assertThat(ScaleLine.withScale(plan, 0.0042)).isEqualTo(plan.replace("scale: 0.2   #", "scale: 0.0042   #"));
        String without = """
                traffic:
                    phases:
                      - {name: a, duration: 10s, rate: 10}
                    kMix: {10: 100%}
                slo: {}
                """;
        assertThat(ScaleLine.withScale(without, 0.5)).isEqualTo(without.replace("traffic:\n",
                "traffic:\n    scale: 0.5\n"));
        // a nested scale (another block's) is not the traffic's
        assertThat(ScaleLine.withScale("traffic:\n  users:\n    scale: 3\n  phases: []\n", 2))
                .isEqualTo("traffic:\n  scale: 2\n  users:\n    scale: 3\n  phases: []\n");
        assertThatThrownBy(() -> ScaleLine.withScale("traffic: {scale: 1, phases: []}\n", 2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("block-style");
    }
}
