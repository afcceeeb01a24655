package dev.saleday.reports.analysis;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the failure windows (contiguous failing seconds, load and prober together) and attributes each to the
 * fault active or most recently applied before it.
 */
public final class FailureWindows {

    private FailureWindows() {
    }

    public static List<FailureWindow> find(List<SecondStats> seconds, List<FaultEvents> faults,
                                           Map<Long, long[]> probeFailuresByKindBySecondStartMs) {
        List<FailureWindow> windows = new ArrayList<>();
        int i = 0;
        while (i < seconds.size()) {
            if (!seconds.get(i).failing()) {
                i++;
                continue;
            }
            int from = i;
            long loadFailed = 0;
            long probeFailed = 0;
            Map<FailureKind, Long> kinds = new EnumMap<>(FailureKind.class);
            while (i < seconds.size() && seconds.get(i).failing()) {
                SecondStats second = seconds.get(i);
                loadFailed += second.failed();
                probeFailed += second.probeFailed();
                second.failures().byKind().forEach((k, n) -> kinds.merge(k, n, Long::sum));
                long[] probeKinds = probeFailuresByKindBySecondStartMs.get(second.startMs());
                if (probeKinds != null) {
                    for (FailureKind kind : FailureKind.values()) {
                        if (probeKinds[kind.ordinal()] > 0) {
                            kinds.merge(kind, probeKinds[kind.ordinal()], Long::sum);
                        }
                    }
                }
                i++;
            }
            long fromMs = seconds.get(from).startMs();
            long toMs = seconds.get(i - 1).startMs() + 1000;
            windows.add(new FailureWindow(fromMs, toMs, loadFailed, probeFailed, new FailureCounts(kinds),
                    attribute(fromMs, faults)));
        }
        return windows;
    }

    /**
     * @return the fault applied most recently before the end of the window's first second (a fault applied within
     *         that second is its likely cause: windows have a one-second grain), or null
     */
    static String attribute(long windowFromMs, List<FaultEvents> faults) {
        String fault = null;
        long latestMs = Long.MIN_VALUE;
        for (FaultEvents candidate : faults) {
            Long applied = candidate.appliedAtMs();
            if (applied != null && applied < windowFromMs + 1000 && applied >= latestMs) {
                latestMs = applied;
                fault = candidate.name();
            }
        }
        return fault;
    }
}
