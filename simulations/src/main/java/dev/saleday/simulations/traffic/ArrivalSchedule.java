package dev.saleday.simulations.traffic;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Traffic;

import java.util.ArrayList;
import java.util.List;

/**
 * When the requests of the load are due, as counts. The scaled rate r(t) is piecewise linear (constant phases and
 * ramps); its integral N(t) is the expected number of arrivals by offset t. Global request {@code j} is due when
 * N(t) reaches {@code j + 0.5}, so the number due before t is {@code floor(N(t) + 0.5)} and every phase gets its
 * planned count, rounded. A shard's count follows from the global one ({@link Shard#countAmongFirst}), so the shards
 * of a run split every second of the plan exactly.
 */
public final class ArrivalSchedule {

    private final List<Phase> phases;
    private final double scale;
    private final long[] phaseStartMillis;
    private final double[] arrivalsBeforePhase;
    private final long totalMillis;

    ArrivalSchedule(Traffic traffic) {
        this.phases = traffic.phases();
        this.scale = traffic.scale();
        this.phaseStartMillis = new long[phases.size() + 1];
        this.arrivalsBeforePhase = new double[phases.size() + 1];
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            long durationMillis = phase.duration().toMillis();
            phaseStartMillis[i + 1] = phaseStartMillis[i] + durationMillis;
            arrivalsBeforePhase[i + 1] = arrivalsBeforePhase[i]
                    + (phase.startRateRps() + phase.endRateRps()) / 2 * scale * durationMillis / 1000.0;
        }
        this.totalMillis = phaseStartMillis[phases.size()];
    }

    /** @return the length of the load */
    public long totalMillis() {
        return totalMillis;
    }

    public List<Phase> phases() {
        return phases;
    }

    /** @return the offset of phase {@code phaseIndex}'s start from the start of the load */
    public long phaseStartMillis(int phaseIndex) {
        return phaseStartMillis[phaseIndex];
    }

    public long phaseEndMillis(int phaseIndex) {
        return phaseStartMillis[phaseIndex + 1];
    }

    /** @return the index of the phase running at {@code offsetMillis}, or -1 outside the load */
    public int phaseIndexAt(long offsetMillis) {
        if (offsetMillis < 0 || offsetMillis >= totalMillis) {
            return -1;
        }
        for (int i = 0; i < phases.size(); i++) {
            if (offsetMillis < phaseStartMillis[i + 1]) {
                return i;
            }
        }
        return -1;
    }

    /** @return the scaled intended rate at {@code offsetMillis}, req/s (whole load, all shards) */
    public double rateRpsAt(long offsetMillis) {
        int index = phaseIndexAt(offsetMillis);
        if (index < 0) {
            return 0;
        }
        Phase phase = phases.get(index);
        double progress = (double) (offsetMillis - phaseStartMillis[index]) / (phaseStartMillis[index + 1] - phaseStartMillis[index]);
        return (phase.startRateRps() + (phase.endRateRps() - phase.startRateRps()) * progress) * scale;
    }

    /** @return N(t): the expected number of arrivals before {@code offsetMillis} (whole load), not rounded */
    public double expectedArrivalsBefore(long offsetMillis) {
        if (offsetMillis <= 0) {
            return 0;
        }
        if (offsetMillis >= totalMillis) {
            return arrivalsBeforePhase[phases.size()];
        }
        int index = phaseIndexAt(offsetMillis);
        Phase phase = phases.get(index);
        double intoSeconds = (offsetMillis - phaseStartMillis[index]) / 1000.0;
        double durationSeconds = (phaseStartMillis[index + 1] - phaseStartMillis[index]) / 1000.0;
        double startRps = phase.startRateRps() * scale;
        double endRps = phase.endRateRps() * scale;
        return arrivalsBeforePhase[index] + startRps * intoSeconds
                + (endRps - startRps) * intoSeconds * intoSeconds / (2 * durationSeconds);
    }

    /** @return how many global requests are due before {@code offsetMillis} */
    public long globalCountBefore(long offsetMillis) {
        return (long) Math.floor(expectedArrivalsBefore(offsetMillis) + 0.5);
    }

    /** @return how many of the shard's requests are due in {@code [fromMillis, toMillis)} */
    public long shardCountBetween(Shard shard, long fromMillis, long toMillis) {
        return shard.countAmongFirst(globalCountBefore(toMillis)) - shard.countAmongFirst(globalCountBefore(fromMillis));
    }

    /** @return the global index of the phase's first request */
    public long firstGlobalIndexOfPhase(int phaseIndex) {
        return globalCountBefore(phaseStartMillis[phaseIndex]);
    }

    /** @return the shard's requests in the phase */
    public long shardCountInPhase(Shard shard, int phaseIndex) {
        return shardCountBetween(shard, phaseStartMillis[phaseIndex], phaseStartMillis[phaseIndex + 1]);
    }

    /**
     * The shard's requests of one phase cut into slices of at most {@code sliceMillis}, each with its exact count;
     * the injector spreads each slice's requests evenly over it.
     */
    public List<Slice> slices(Shard shard, int phaseIndex, long sliceMillis) {
        List<Slice> slices = new ArrayList<>();
        long end = phaseStartMillis[phaseIndex + 1];
        for (long from = phaseStartMillis[phaseIndex]; from < end; from += sliceMillis) {
            long to = Math.min(end, from + sliceMillis);
            slices.add(new Slice(to - from, shardCountBetween(shard, from, to)));
        }
        return slices;
    }

    /** A stretch of a phase and the number of requests due in it. */
    public record Slice(long durationMillis, long requests) {
    }
}
