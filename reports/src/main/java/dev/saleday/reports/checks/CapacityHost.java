package dev.saleday.reports.checks;

import dev.saleday.plan.PlanDefaults;
import dev.saleday.plan.Slo;
import dev.saleday.records.HostSample;
import dev.saleday.reports.analysis.HostStarvation;
import java.util.List;
import java.util.Optional;

/**
 * Whether the host let a capacity search measure its pod, from the search's host.jsonl: the same rule as a run's
 * {@code validity.hostHeadroom} ({@link HostStarvation}), but any starved second counts, however short. A search
 * judges steps of a second or a few, each on the slowest of a few dozen answers, and its knee is the first step over
 * a bound: one second in which the host kept the injector or the pod from a CPU is enough to put the knee there.
 */
public final class CapacityHost {

    private CapacityHost() {
    }

    /**
     * @param host         host.jsonl's seconds
     * @param cores        the host's CPUs (host.jsonl's header), null when unknown
     * @param bounds       the plan's host headroom bounds, null for the defaults
     * @param loadStartMs  the load's start, epoch ms
     * @param judgedEndMs  the end of the last judged step's sending, epoch ms: later seconds (the load's stop,
     *                     Gatling's shutdown) moved no step and are left out
     * @return why the knee cannot be trusted, empty when the host let the search measure the pod (or host.jsonl has
     *         no run-queue figures: not judged)
     */
    public static Optional<String> invalidReason(List<HostSample> host, Integer cores, Slo.HostHeadroom bounds,
                                                 long loadStartMs, long judgedEndMs) {
        List<HostSample> search = host.stream().filter(sample -> sample.tMs() < judgedEndMs).toList();
        if (!HostStarvation.measured(search)) {
            return Optional.empty();
        }
        List<HostStarvation.Starved> starved = HostStarvation.stretches(search, cores,
                bounds == null ? PlanDefaults.HOST_HEADROOM : bounds);
        if (starved.isEmpty()) {
            return Optional.empty();
        }
        long seconds = Math.max(1, Math.round(starved.stream().mapToLong(HostStarvation.Starved::durationMs).sum()
                / 1000.0));
        List<String> stretches = starved.stream().map(s -> HostHeadroomCheck.describe(s, loadStartMs)).toList();
        return Optional.of("the host starved saleday's processes of CPU for " + seconds + " s of the search: "
                + String.join("; ", stretches) + ". The knee may be the host's, not the pod's: measure again on a"
                + " quieter machine");
    }
}
