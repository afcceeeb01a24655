package dev.saleday.reports.analysis;

import java.util.List;

/**
 * The stretches in which the host starved our processes of CPU, as a lookup for requests streaming by: whether a
 * request's time in flight met one. Every stretch counts, however short: a stretch the host headroom rule tolerates
 * still delayed what the injector sent, read or timed in it.
 */
final class StarvedTime {

    static final StarvedTime NONE = new StarvedTime(new long[0], new long[0]);

    private final long[] fromMs;
    private final long[] toMs;

    private StarvedTime(long[] fromMs, long[] toMs) {
        this.fromMs = fromMs;
        this.toMs = toMs;
    }

    /** @param stretches in time order, not overlapping (as {@link HostStarvation#stretches} gives them) */
    static StarvedTime of(List<HostStarvation.Starved> stretches) {
        long[] from = new long[stretches.size()];
        long[] to = new long[stretches.size()];
        for (int i = 0; i < from.length; i++) {
            from[i] = stretches.get(i).fromMs();
            to[i] = stretches.get(i).toMs();
        }
        return new StarvedTime(from, to);
    }

    boolean isEmpty() {
        return fromMs.length == 0;
    }

    /** @return whether [startMs, endMs] meets a stretch [from, to) */
    boolean overlaps(long startMs, long endMs) {
        // the last stretch starting at or before the request's end is the only one that can meet it
        int low = 0;
        int high = fromMs.length - 1;
        int last = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (fromMs[mid] <= endMs) {
                last = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return last >= 0 && startMs < toMs[last];
    }
}
