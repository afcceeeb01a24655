package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.plan.PlanSchedule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link InjectorsEndToEndTest} runs outside the suite's budget, on a cut of plans/ci.yaml: this checks, in the
 * suite, that the cut still applies to ci.yaml as it stands (its scale moved from 0.005 to 0.003 once, and the end to
 * end test's bound went stale unseen), so that a change to ci.yaml shows here and not weeks later.
 */
class CiPlanCutTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theCutIsTenSecondsOfCiYamlsShapesAtItsScaleWithTheChaosGiven(boolean withChaos) throws Exception {
        String ci = Files.readString(InjectorsEndToEndTest.CI_PLAN, StandardCharsets.UTF_8);
        Plan full = PlanParser.parse(InjectorsEndToEndTest.CI_PLAN);
        String chaos = withChaos ? InjectorsEndToEndTest.GROW_CHAOS : InjectorsEndToEndTest.NO_CHAOS;

        Plan cut = PlanParser.parse(InjectorsEndToEndTest.cutToTenSeconds(ci, chaos), "ci-cut.yaml",
                InjectorsEndToEndTest.CI_PLAN.getParent());

        List<Phase> phases = cut.traffic().phases();
        assertThat(phases).extracting(Phase::name).isEqualTo(full.traffic().phases().stream().map(Phase::name).toList());
        assertThat(phases.stream().mapToLong(p -> p.duration().toSeconds()).sum()).isEqualTo(10);
        assertThat(cut.traffic().scale()).isEqualTo(full.traffic().scale());
        PlanSchedule schedule = PlanSchedule.of(cut);
        assertThat(schedule.arrivalCountBefore(schedule.loadMillis()))
                .isCloseTo(Math.round(InjectorsEndToEndTest.CUT_ARRIVALS_AT_SCALE_ONE * cut.traffic().scale()),
                        Offset.offset(1L));
        assertThat(cut.faults()).hasSize(withChaos ? 1 : 0);
        assertThat(cut.slo().latency()).singleElement().satisfies(bound -> assertThat(bound.phase()).isEqualTo("peak"));
    }
}
