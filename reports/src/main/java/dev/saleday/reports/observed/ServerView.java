package dev.saleday.reports.observed;

import java.util.List;
import java.util.Map;

/**
 * What the pods themselves said during the load (pod-metrics.jsonl), as differences of their counters: requests by
 * status, the predict-duration histogram, CPU and throttling, in flight. Counters count from the first scrape of a
 * pod that was already running at the load's start, and from zero for a pod that started during it; a counter that
 * went down between two scrapes was reset (the process restarted) and counts from zero again.
 *
 * @param recorded            whether pod-metrics.jsonl exists
 * @param notes               what could not be scraped, one line per cause (empty when everything worked)
 * @param scrapes             answered scrapes
 * @param failedScrapes       scrapes that did not work
 * @param pods                every pod scraped at least once, by first scrape
 * @param rounds              one entry per scrape round after the first, in time order
 * @param predictAnswered     predictions the pods answered during the load, any status
 * @param predictServerErrors those answered with a 5xx status
 * @param p99UpperMs          the load's server-side p99 as the upper bound of its bucket, ms; null without
 *                            predictions; +Infinity when beyond the last finite bucket
 * @param bucketBoundsMs      the histogram's finite bucket bounds, ms (the resolution of every server-side p99)
 * @param inFlightAtStart     requests in flight in the pods at the first round
 * @param inFlightAtEnd       requests in flight in the pods at the last round
 * @param queries             each named Prometheus query's last answer, summed over its series (NaN when none)
 */
public record ServerView(boolean recorded, List<String> notes, int scrapes, int failedScrapes, List<PodServed> pods,
                         List<Round> rounds, long predictAnswered, long predictServerErrors, Double p99UpperMs,
                         List<Double> bucketBoundsMs, double inFlightAtStart, double inFlightAtEnd,
                         Map<String, Double> queries) {

    public ServerView {
        notes = List.copyOf(notes);
        pods = List.copyOf(pods);
        rounds = List.copyOf(rounds);
        bucketBoundsMs = List.copyOf(bucketBoundsMs);
        queries = Map.copyOf(queries);
    }

    /** A run without pod-metrics.jsonl. */
    public static ServerView absent(String why) {
        return new ServerView(false, List.of(why), 0, 0, List.of(), List.of(), 0, 0, null, List.of(), 0, 0, Map.of());
    }

    /** @return whether any pod's metrics were read */
    public boolean hasData() {
        return scrapes > 0;
    }

    /** @return the pods' 5xx answers over all their predict answers; NaN without answers */
    public double serverErrorRate() {
        return predictAnswered == 0 ? Double.NaN : (double) predictServerErrors / predictAnswered;
    }

    /**
     * One pod over the load.
     *
     * @param pod                 its name
     * @param firstMs             its first scrape
     * @param lastMs              its last scrape
     * @param atEnd               whether it answered the last round (alive when the load ended)
     * @param predictByStatus     predictions it answered, by HTTP status
     * @param limitMillicores     its CPU limit as it reports it, null when it reports none
     * @param cpuSeconds          CPU it used over its scrapes
     * @param throttledSeconds    time its workers waited for CPU budget over its scrapes
     * @param peakCpuMillicores   its busiest interval's CPU
     * @param observedSeconds     the time its counted scrapes span
     */
    public record PodServed(String pod, long firstMs, long lastMs, boolean atEnd, Map<String, Long> predictByStatus,
                            Double limitMillicores, double cpuSeconds, double throttledSeconds,
                            double peakCpuMillicores, double observedSeconds) {
        public PodServed {
            predictByStatus = Map.copyOf(predictByStatus);
        }

        public long predictAnswered() {
            return predictByStatus.values().stream().mapToLong(Long::longValue).sum();
        }

        /** @return the time its workers waited for CPU budget per second observed; NaN when not observed */
        public double throttledFraction() {
            return observedSeconds > 0 ? throttledSeconds / observedSeconds : Double.NaN;
        }
    }

    /**
     * One interval between two scrape rounds, all pods together.
     *
     * @param tMs                 the round's time (its last answer)
     * @param predictRps          predictions answered per second
     * @param p99UpperMs          the interval's server-side p99 (bucket upper bound), null without predictions
     * @param inFlight            requests in flight at the round, summed over pods
     * @param cpuMillicoresByPod  each pod's CPU over the interval
     * @param throttledMsPerSByPod each pod's throttled time per second over the interval
     * @param limitMillicoresByPod each pod's CPU limit, where it reports one
     */
    public record Round(long tMs, double predictRps, Double p99UpperMs, double inFlight,
                       Map<String, Double> cpuMillicoresByPod, Map<String, Double> throttledMsPerSByPod,
                       Map<String, Double> limitMillicoresByPod) {
        public Round {
            cpuMillicoresByPod = Map.copyOf(cpuMillicoresByPod);
            throttledMsPerSByPod = Map.copyOf(throttledMsPerSByPod);
            limitMillicoresByPod = Map.copyOf(limitMillicoresByPod);
        }
    }
}
