package dev.saleday.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanScheduleTest {

    /** 10 s at 20 req/s, a 10 s ramp from 20 to 100, 20 s at 100: 200 + 600 + 2000 = 2800 arrivals at full size. */
    static final String PLAN = """
            apiVersion: saleday/v1
            kind: GameDay
            metadata: {name: t}
            target: {namespace: shop, deployment: reco, service: reco-svc, manifests: .}
            traffic:
              scale: 0.5
              phases:
                - {name: baseline, duration: 10s, rate: 20}
                - {name: ramp, duration: 10s, rampTo: 100}
                - {name: peak, duration: 20s, rate: 100}
            chaos:
              - {name: release, at: peak+5s, action: rollout}
              - {name: kill, every: 15s, action: pod-kill, selector: app=reco}
              - {name: twice, every: 3s, at: ramp, times: 2, action: scale, replicas: 2}
              - {name: drain, when: "readyReplicas >= 8", action: node-drain, node: local-node-a}
            """;

    static PlanSchedule schedule() throws PlanException {
        return PlanSchedule.of(PlanParser.parse(PLAN, "t.yaml"));
    }

    @Test
    void phaseBoundsFollowTheDurations() throws Exception {
        PlanSchedule schedule = schedule();
        assertThat(schedule.loadMillis()).isEqualTo(40_000);
        assertThat(schedule.phaseStartMillis(1)).isEqualTo(10_000);
        assertThat(schedule.phaseEndMillis(1)).isEqualTo(20_000);
        assertThat(schedule.phaseStartMillis("peak")).isEqualTo(20_000);
        assertThat(schedule.phaseIndexAt(-1)).isEqualTo(-1);
        assertThat(schedule.phaseIndexAt(0)).isZero();
        assertThat(schedule.phaseIndexAt(9_999)).isZero();
        assertThat(schedule.phaseIndexAt(10_000)).isEqualTo(1);
        assertThat(schedule.phaseIndexAt(39_999)).isEqualTo(2);
        assertThat(schedule.phaseIndexAt(40_000)).isEqualTo(-1);
        assertThatThrownBy(() -> schedule.phaseStartMillis("nope")).hasMessage("no phase named 'nope'");
    }

    @Test
    void theRateIsScaledConstantInAPhaseAndLinearInARamp() throws Exception {
        PlanSchedule schedule = schedule();
        assertThat(schedule.rateRpsAt(5_000)).isEqualTo(10.0);
        assertThat(schedule.rateRpsAt(10_000)).isEqualTo(10.0);
        assertThat(schedule.rateRpsAt(15_000)).isEqualTo(30.0);
        assertThat(schedule.rateRpsAt(17_500)).isEqualTo(40.0);
        assertThat(schedule.rateRpsAt(25_000)).isEqualTo(50.0);
        assertThat(schedule.rateRpsAt(40_000)).isZero();
    }

    @Test
    void cumulativeArrivalsIntegrateTheRate() throws Exception {
        PlanSchedule schedule = schedule();
        assertThat(schedule.arrivalsBefore(0)).isZero();
        assertThat(schedule.arrivalsBefore(4_000)).isEqualTo(40.0);
        assertThat(schedule.arrivalsBefore(10_000)).isEqualTo(100.0);
        // half-way up the ramp (10 -> 50 req/s scaled): 10 x 5 + (50 - 10) x 5^2 / (2 x 10) = 100 more
        assertThat(schedule.arrivalsBefore(15_000)).isCloseTo(200.0, within(1e-9));
        assertThat(schedule.arrivalsBefore(20_000)).isEqualTo(400.0);
        assertThat(schedule.arrivalsBefore(30_000)).isEqualTo(900.0);
        assertThat(schedule.totalArrivals()).isEqualTo(1400.0);
        assertThat(schedule.arrivalsBefore(99_000)).isEqualTo(1400.0);
        assertThat(schedule.plannedArrivals(1)).isEqualTo(300.0);
        assertThat(schedule.arrivalCountBefore(1_050)).isEqualTo(11); // A = 10.5 rounds up: request 10 is due
        assertThat(schedule.arrivalCountBefore(1_049)).isEqualTo(10);
    }

    @Test
    void theInverseGivesTheFirstMillisecondAPlannedCountIsReached() throws Exception {
        PlanSchedule schedule = schedule();
        assertThat(schedule.millisReaching(0)).isZero();
        assertThat(schedule.millisReaching(40)).isEqualTo(4_000);
        assertThat(schedule.millisReaching(200)).isEqualTo(15_000);
        assertThat(schedule.millisReaching(900)).isEqualTo(30_000);
        assertThat(schedule.millisReaching(1400)).isEqualTo(40_000);
        assertThat(schedule.millisReaching(5000)).isEqualTo(40_000);
        for (long t = 0; t <= schedule.loadMillis(); t += 37) {
            double count = schedule.arrivalsBefore(t);
            long back = schedule.millisReaching(count);
            assertThat(back).as("A^-1(A(%d))", t).isLessThanOrEqualTo(t);
            assertThat(schedule.arrivalsBefore(back)).isGreaterThanOrEqualTo(count);
            if (back > 0) {
                assertThat(schedule.arrivalsBefore(back - 1)).isLessThan(count);
            }
        }
    }

    @Test
    void timedFaultsFireAtTheirOffsetsInTimeOrder() throws Exception {
        PlanSchedule schedule = schedule();
        assertThat(schedule.firings()).extracting(f -> f.fault().name() + "@" + f.offset().toMillis())
                .containsExactly("twice@10000", "twice@13000", "kill@15000", "release@25000", "kill@30000");
        assertThat(schedule.conditionalFaults()).extracting(Fault::name).containsExactly("drain");
    }

    @Test
    void anEveryTriggerWithoutTimesRepeatsUntilTheLoadEnds() throws Exception {
        PlanSchedule schedule = schedule();
        Trigger.Every every = new Trigger.Every(new Trigger.At("baseline", Duration.ofSeconds(2)),
                Duration.ofSeconds(10), 0);
        assertThat(schedule.repetitions(every)).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(12),
                Duration.ofSeconds(22), Duration.ofSeconds(32));
        assertThat(schedule.offsetOf(new Trigger.At("ramp", Duration.ofMillis(250)))).isEqualTo(
                Duration.ofMillis(10_250));
    }

    @Test
    void aLoadWithoutFaultsHasNoFirings() {
        Traffic traffic = new Traffic(2, new Traffic.Users(Traffic.Users.Distribution.UNIFORM, 10, 1),
                List.of(new Traffic.KWeight(1, 1)), 1, Duration.ofSeconds(1),
                List.of(new Phase("only", Duration.ofMillis(1500), 4, 4)));
        PlanSchedule schedule = PlanSchedule.of(traffic);
        assertThat(schedule.firings()).isEmpty();
        assertThat(schedule.totalArrivals()).isEqualTo(12.0);
        assertThat(schedule.millisReaching(6)).isEqualTo(750);
    }
}
