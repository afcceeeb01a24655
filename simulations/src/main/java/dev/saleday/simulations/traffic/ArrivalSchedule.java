package dev.saleday.simulations.traffic;

import dev.saleday.plan.Phase;
import dev.saleday.plan.PlanSchedule;

import java.util.ArrayList;
import java.util.List;

/**
 * When this injector's requests are due, as counts. The plan's clock ({@link PlanSchedule}) says how many global
 * requests are due before each offset (request {@code j} when A(t) reaches {@code j + 0.5}); a shard's count follows
 * from the global one ({@link Shard#countAmongFirst}), so the shards of a run split every second of the plan exactly.
 */
public final class ArrivalSchedule {

    private final PlanSchedule clock;

    ArrivalSchedule(PlanSchedule clock) {
        this.clock = clock;
    }

    /** @return the plan's clock this schedule counts from */
    public PlanSchedule clock() {
        return clock;
    }

    /** @return the length of the load */
    public long totalMillis() {
        return clock.loadMillis();
    }

    public List<Phase> phases() {
        return clock.phases();
    }

    /** @return how many of the shard's requests are due in {@code [fromMillis, toMillis)} */
    public long shardCountBetween(Shard shard, long fromMillis, long toMillis) {
        return shard.countAmongFirst(clock.arrivalCountBefore(toMillis))
                - shard.countAmongFirst(clock.arrivalCountBefore(fromMillis));
    }

    /** @return the global index of the phase's first request */
    public long firstGlobalIndexOfPhase(int phaseIndex) {
        return clock.arrivalCountBefore(clock.phaseStartMillis(phaseIndex));
    }

    /** @return the shard's requests in the phase */
    public long shardCountInPhase(Shard shard, int phaseIndex) {
        return shardCountBetween(shard, clock.phaseStartMillis(phaseIndex), clock.phaseEndMillis(phaseIndex));
    }

    /**
     * The shard's requests of one phase cut into slices of at most {@code sliceMillis}, each with its exact count;
     * the injector spreads each slice's requests evenly over it.
     */
    public List<Slice> slices(Shard shard, int phaseIndex, long sliceMillis) {
        List<Slice> slices = new ArrayList<>();
        long end = clock.phaseEndMillis(phaseIndex);
        for (long from = clock.phaseStartMillis(phaseIndex); from < end; from += sliceMillis) {
            long to = Math.min(end, from + sliceMillis);
            slices.add(new Slice(to - from, shardCountBetween(shard, from, to)));
        }
        return slices;
    }

    /** A stretch of a phase and the number of requests due in it. */
    public record Slice(long durationMillis, long requests) {
    }
}
