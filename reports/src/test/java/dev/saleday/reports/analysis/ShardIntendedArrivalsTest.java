package dev.saleday.reports.analysis;

import dev.saleday.plan.Phase;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.records.InjectorSecond;
import dev.saleday.records.ShardRecords;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two injector pods that started their load 621 and 699 ms after the coordinator's instant, each counting
 * wall-clock seconds: their merged seconds split into the plan's phases as one injector's do.
 */
class ShardIntendedArrivalsTest {

    private static final PlanSchedule STEPS = IntendedArrivalsTest.schedule(
            new Phase("warm-up", Duration.ofSeconds(10), 1000, 1000), new Phase("r2000", Duration.ofSeconds(5), 2000, 2000),
            new Phase("r3000", Duration.ofSeconds(5), 3000, 3000));

    /** One shard of two: half of each wall-clock second's planned arrivals, counted from its own load start. */
    private static ShardRecords shard(int index, long loadStartMs) {
        List<InjectorSecond> seconds = new ArrayList<>();
        for (long t = loadStartMs / 1000 * 1000; t < loadStartMs + STEPS.loadMillis(); t += 1000) {
            long from = Math.max(0, t - loadStartMs);
            long to = Math.min(STEPS.loadMillis(), t + 1000 - loadStartMs);
            long intended = Math.round((STEPS.arrivalsBefore(to) - STEPS.arrivalsBefore(from)) / 2);
            String phase = STEPS.phases().get(STEPS.phaseIndexAt(from)).name();
            seconds.add(new InjectorSecond(t, phase, intended, intended, 0.5));
        }
        return new ShardRecords(index, 2, Path.of("shards", "" + index), loadStartMs, List.of(), seconds, List.of(),
                List.of());
    }

    @Test
    void mergedShardSecondsSplitAtThePhaseBoundariesOfTheShardsOwnClocks() {
        long coordinatorStartMs = 1_796_616_748_124L;
        List<InjectorSecond> merged = ShardRecords.mergedSeconds(
                List.of(shard(0, coordinatorStartMs + 621), shard(1, coordinatorStartMs + 699)), coordinatorStartMs);

        Map<String, Long> intended = IntendedArrivals.byPhase(merged, STEPS, coordinatorStartMs);

        // Exact but for the 78 ms between the two shards' starts, at the steps of 1000 req/s: at most 78 requests
        // (read as if both had started at the first shard's instant, the boundary second is split 78 ms off for one).
        // Stamped at the coordinator's start plus whole seconds, each phase read ~216 more than it intended.
        assertThat(intended.get("warm-up")).isBetween(10_000L - 78, 10_000L + 78);
        assertThat(intended.get("r2000")).isBetween(10_000L - 78, 10_000L + 78);
        long recorded = merged.stream().mapToLong(InjectorSecond::intended).sum();
        assertThat(intended.values().stream().mapToLong(Long::longValue).sum()) // nothing lost or added but
                .isBetween(recorded - 2, recorded + 2);                          // each phase rounded once
    }
}
