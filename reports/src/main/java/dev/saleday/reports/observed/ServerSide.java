package dev.saleday.reports.observed;

import dev.saleday.records.PodMetricsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** From pod-metrics.jsonl to a {@link ServerView}: pure, the same file gives the same view. */
public final class ServerSide {

    private ServerSide() {
    }

    /** Reads {@code runDir/pod-metrics.jsonl} when present; a run without it has an absent view. */
    public static ServerView of(Path runDir) {
        Path file = runDir.resolve(PodMetricsFile.FILE_NAME);
        if (!Files.exists(file)) {
            return ServerView.absent("the pods' metrics were not recorded (no " + PodMetricsFile.FILE_NAME + ")");
        }
        return of(PodMetricsFile.read(file));
    }

    public static ServerView of(PodMetricsFile.Contents contents) {
        Map<String, List<PodMetricsFile.Scrape>> byPod = new LinkedHashMap<>();
        int firstRound = Integer.MAX_VALUE;
        int lastRound = Integer.MIN_VALUE;
        for (PodMetricsFile.Scrape scrape : contents.scrapes()) {
            byPod.computeIfAbsent(scrape.pod(), k -> new ArrayList<>()).add(scrape);
            firstRound = Math.min(firstRound, scrape.round());
            lastRound = Math.max(lastRound, scrape.round());
        }
        for (PodMetricsFile.Failure failure : contents.failures()) {
            if ("pod".equals(failure.source())) {
                firstRound = Math.min(firstRound, failure.round());
                lastRound = Math.max(lastRound, failure.round());
            }
        }
        TreeMap<Integer, RoundSum> rounds = new TreeMap<>();
        TreeMap<Double, Long> buckets = new TreeMap<>();
        List<ServerView.PodServed> pods = new ArrayList<>();
        for (Map.Entry<String, List<PodMetricsFile.Scrape>> entry : byPod.entrySet()) {
            List<PodMetricsFile.Scrape> scrapes = entry.getValue();
            scrapes.sort(Comparator.comparingInt(PodMetricsFile.Scrape::round)
                    .thenComparingLong(PodMetricsFile.Scrape::tMs));
            pods.add(pod(entry.getKey(), scrapes, firstRound, lastRound, rounds, buckets));
        }
        for (int round : new ArrayList<>(rounds.keySet())) {
            if (round == firstRound) {
                rounds.remove(round); // a baseline, not an interval
            }
        }
        List<ServerView.Round> roundList = new ArrayList<>();
        rounds.values().forEach(r -> roundList.add(r.toRound()));
        long answered = 0;
        long serverErrors = 0;
        for (ServerView.PodServed pod : pods) {
            for (Map.Entry<String, Long> status : pod.predictByStatus().entrySet()) {
                answered += status.getValue();
                if (status.getKey().startsWith("5")) {
                    serverErrors += status.getValue();
                }
            }
        }
        List<Double> boundsMs = new ArrayList<>();
        buckets.keySet().stream().filter(Double::isFinite).forEach(le -> boundsMs.add(le * 1000));
        double inFlightStart = inFlight(contents.scrapes(), firstRound);
        double inFlightEnd = inFlight(contents.scrapes(), lastRound);
        return new ServerView(true, Notes.of(contents), contents.scrapes().size(), contents.failures().stream()
                .filter(f -> "pod".equals(f.source())).mapToInt(f -> 1).sum(), pods, roundList, answered,
                serverErrors, Histograms.p99UpperMs(buckets), boundsMs, inFlightStart, inFlightEnd,
                queries(contents.queries()));
    }

    private static ServerView.PodServed pod(String name, List<PodMetricsFile.Scrape> scrapes, int firstRound,
                                            int lastRound, TreeMap<Integer, RoundSum> rounds,
                                            TreeMap<Double, Long> buckets) {
        Map<String, Long> byStatus = new TreeMap<>();
        double cpuSeconds = 0;
        double throttledSeconds = 0;
        double peakCpu = 0;
        double observedSeconds = 0;
        Double limit = null;
        PodMetricsFile.Scrape previous = null;
        for (PodMetricsFile.Scrape scrape : scrapes) {
            Double reportedLimit = scrape.value(ModelMetrics.CPU_LIMIT);
            if (reportedLimit != null && reportedLimit > 0) {
                limit = reportedLimit;
            }
            boolean baseline = previous == null && scrape.round() == firstRound;
            if (baseline) {
                previous = scrape;
                continue;
            }
            Map<String, Double> before = previous == null ? Map.of() : previous.series();
            double seconds = previous == null ? 0 : Math.max(0.001, (scrape.tMs() - previous.tMs()) / 1000.0);
            RoundSum round = rounds.computeIfAbsent(scrape.round(), RoundSum::new);
            round.tMs = Math.max(round.tMs, scrape.tMs());
            Map<Double, Long> intervalBuckets = new HashMap<>();
            double requests = 0;
            for (Map.Entry<String, Double> series : scrape.series().entrySet()) {
                SeriesKey key = SeriesKey.parse(series.getKey());
                double delta = delta(before.get(series.getKey()), series.getValue());
                switch (key.name()) {
                    case ModelMetrics.REQUESTS -> {
                        if (ModelMetrics.PREDICT_ROUTE.equals(key.label("route")) && key.label("status") != null) {
                            byStatus.merge(key.label("status"), Math.round(delta), Long::sum);
                            requests += delta;
                        }
                    }
                    case ModelMetrics.PREDICT_BUCKET -> {
                        double le = Histograms.bound(key.label("le"));
                        if (!Double.isNaN(le)) {
                            intervalBuckets.merge(le, Math.round(delta), Long::sum);
                        }
                    }
                    default -> {
                    }
                }
            }
            intervalBuckets.forEach((le, count) -> {
                buckets.merge(le, count, Long::sum);
                round.buckets.merge(le, count, Long::sum);
            });
            Double inFlight = scrape.value(ModelMetrics.IN_FLIGHT);
            round.inFlight += inFlight == null ? 0 : inFlight;
            double cpu = delta(before.get(ModelMetrics.CPU_SECONDS), scrape.value(ModelMetrics.CPU_SECONDS));
            double throttled = delta(before.get(ModelMetrics.THROTTLED_SECONDS),
                    scrape.value(ModelMetrics.THROTTLED_SECONDS));
            cpuSeconds += cpu;
            throttledSeconds += throttled;
            if (previous != null) {
                observedSeconds += seconds;
                double cpuMillicores = cpu / seconds * 1000;
                peakCpu = Math.max(peakCpu, cpuMillicores);
                round.cpu.put(name, cpuMillicores);
                round.throttled.put(name, throttled / seconds * 1000);
                round.rps += requests / seconds;
                if (limit != null) {
                    round.limits.put(name, limit);
                }
            }
            previous = scrape;
        }
        PodMetricsFile.Scrape last = scrapes.get(scrapes.size() - 1);
        return new ServerView.PodServed(name, scrapes.get(0).tMs(), last.tMs(), last.round() == lastRound, byStatus,
                limit, cpuSeconds, throttledSeconds, peakCpu, observedSeconds);
    }

    /** A counter's growth between two scrapes; one that went down was reset and counts from zero. */
    static double delta(Double before, Double now) {
        if (now == null || now.isNaN()) {
            return 0;
        }
        if (before == null || before.isNaN()) {
            return now;
        }
        return now >= before ? now - before : now;
    }

    private static double inFlight(List<PodMetricsFile.Scrape> scrapes, int round) {
        double sum = 0;
        for (PodMetricsFile.Scrape scrape : scrapes) {
            Double value = scrape.round() == round ? scrape.value(ModelMetrics.IN_FLIGHT) : null;
            sum += value == null ? 0 : value;
        }
        return sum;
    }

    private static Map<String, Double> queries(List<PodMetricsFile.Query> queries) {
        Map<String, Double> last = new TreeMap<>();
        for (PodMetricsFile.Query query : queries) {
            last.put(query.name(), query.series().isEmpty() ? Double.NaN
                    : query.series().stream().mapToDouble(PodMetricsFile.QuerySeries::value).sum());
        }
        return last;
    }

    /** A round's sums while the pods are read. */
    private static final class RoundSum {
        final int round;
        long tMs = Long.MIN_VALUE;
        double rps;
        double inFlight;
        final TreeMap<Double, Long> buckets = new TreeMap<>();
        final Map<String, Double> cpu = new TreeMap<>();
        final Map<String, Double> throttled = new TreeMap<>();
        final Map<String, Double> limits = new TreeMap<>();

        RoundSum(int round) {
            this.round = round;
        }

        ServerView.Round toRound() {
            return new ServerView.Round(tMs, rps, Histograms.p99UpperMs(buckets), inFlight, cpu, throttled, limits);
        }
    }
}
