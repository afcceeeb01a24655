package dev.saleday.reports.analysis;

import dev.saleday.plan.Phase;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.Traffic;
import dev.saleday.records.InjectorSecond;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IntendedArrivalsTest {

    private static final PlanSchedule STEPS = schedule(new Phase("r2000", Duration.ofSeconds(5), 2000, 2000),
            new Phase("r4000", Duration.ofSeconds(5), 4000, 4000), new Phase("ramp", Duration.ofSeconds(4), 4000, 0));

    /** @return the schedule of a load of these phases (one user kind, a 2 s timeout: only the phases matter here) */
    static PlanSchedule schedule(Phase... phases) {
        return PlanSchedule.of(new Traffic(1, new Traffic.Users(Traffic.Users.Distribution.UNIFORM, 10, 1),
                List.of(new Traffic.KWeight(1, 1)), 1, Duration.ofSeconds(2), List.of(phases)));
    }

    /**
     * The recorder's seconds, as it writes them: wall-clock seconds, each counting the arrivals the schedule plans in
     * it (within the load) and named after the phase at its start.
     */
    private static List<InjectorSecond> recorded(long loadStartMs) {
        List<InjectorSecond> seconds = new ArrayList<>();
        for (long t = loadStartMs / 1000 * 1000; t < loadStartMs + STEPS.loadMillis(); t += 1000) {
            long from = Math.max(0, t - loadStartMs);
            long to = Math.min(STEPS.loadMillis(), t + 1000 - loadStartMs);
            long intended = Math.round(STEPS.arrivalsBefore(to) - STEPS.arrivalsBefore(from));
            String phase = STEPS.phases().get(STEPS.phaseIndexAt(from)).name();
            seconds.add(new InjectorSecond(t, phase, intended, intended, 0.5));
        }
        seconds.add(new InjectorSecond(seconds.get(seconds.size() - 1).tMs() + 1000, "-", 0, 0, 0.5));
        return seconds;
    }

    @Test
    void secondsStraddlingAPhaseBoundaryAreSplitAsTheScheduleSplitsThem() {
        // The load starts 602 ms into a wall second: each boundary falls inside a recorded second.
        Map<String, Long> intended = IntendedArrivals.byPhase(recorded(1_000_602), STEPS, 1_000_602);

        assertThat(intended).containsEntry("r2000", 10_000L).containsEntry("r4000", 20_000L)
                .containsEntry("ramp", 8_000L);
    }

    @Test
    void aLoadStartingOnASecondNeedsNoSplit() {
        Map<String, Long> intended = IntendedArrivals.byPhase(recorded(2_000_000), STEPS, 2_000_000);

        assertThat(intended).containsEntry("r2000", 10_000L).containsEntry("r4000", 20_000L)
                .containsEntry("ramp", 8_000L);
    }

    @Test
    void withoutInjectorRecordsThePlanSays() {
        assertThat(IntendedArrivals.byPhase(List.of(), STEPS, 0)).containsEntry("r2000", 10_000L)
                .containsEntry("ramp", 8_000L);
    }

    @Test
    void aRunCutShortCountsOnlyTheSecondsItRecorded() {
        List<InjectorSecond> seconds = recorded(1_000_602).subList(0, 3); // 0.398 + 2 s of r2000

        assertThat(IntendedArrivals.byPhase(seconds, STEPS, 1_000_602)).containsEntry("r2000", 4_796L)
                .doesNotContainKey("r4000");
    }
}
