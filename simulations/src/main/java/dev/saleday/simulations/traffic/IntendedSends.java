package dev.saleday.simulations.traffic;

import java.util.List;

/**
 * When each of a shard's requests in one phase is meant to leave, from the load's start: exactly where the injection
 * puts it. A constant phase spreads its count evenly over the phase, a ramp spreads each one-second slice's count
 * evenly over the slice (see {@link ArrivalSchedule#slices}); request {@code k} of a stretch of {@code n} requests
 * over {@code d} ms leaves {@code k * d / n} ms into it. The send lag of a request is its actual send time minus this.
 */
public final class IntendedSends {

    private final long[] sliceStartMillis;
    private final long[] sliceDurationMillis;
    private final long[] requestsBefore;
    private final long total;

    private IntendedSends(long[] sliceStartMillis, long[] sliceDurationMillis, long[] requestsBefore, long total) {
        this.sliceStartMillis = sliceStartMillis;
        this.sliceDurationMillis = sliceDurationMillis;
        this.requestsBefore = requestsBefore;
        this.total = total;
    }

    /** @param sliceMillis the slice length of a ramp's injection */
    public static IntendedSends of(ArrivalSchedule schedule, Shard shard, int phaseIndex, long sliceMillis) {
        boolean ramp = schedule.phases().get(phaseIndex).isRamp();
        long start = schedule.clock().phaseStartMillis(phaseIndex);
        List<ArrivalSchedule.Slice> slices = ramp ? schedule.slices(shard, phaseIndex, sliceMillis)
                : List.of(new ArrivalSchedule.Slice(schedule.clock().phaseEndMillis(phaseIndex) - start,
                        schedule.shardCountInPhase(shard, phaseIndex)));
        long[] starts = new long[slices.size()];
        long[] durations = new long[slices.size()];
        long[] before = new long[slices.size() + 1];
        long at = start;
        for (int i = 0; i < slices.size(); i++) {
            starts[i] = at;
            durations[i] = slices.get(i).durationMillis();
            before[i + 1] = before[i] + slices.get(i).requests();
            at += slices.get(i).durationMillis();
        }
        return new IntendedSends(starts, durations, before, before[slices.size()]);
    }

    /** @return the requests of the phase (this shard's) */
    public long count() {
        return total;
    }

    /**
     * @param k the phase's request, from 0, in the order the injector starts them
     * @return its intended send time, ms from the load's start; past the last request, the phase's end
     */
    public double offsetMillis(long k) {
        if (total == 0 || k >= total) {
            int last = sliceStartMillis.length - 1;
            return last < 0 ? 0 : sliceStartMillis[last] + sliceDurationMillis[last];
        }
        // the last slice starting at or before k: never an empty one, since k < the count after it
        int low = 0;
        int high = sliceStartMillis.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (requestsBefore[mid] <= k) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        int slice = low;
        long n = requestsBefore[slice + 1] - requestsBefore[slice];
        return sliceStartMillis[slice] + (double) (k - requestsBefore[slice]) * sliceDurationMillis[slice] / n;
    }
}
