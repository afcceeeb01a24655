package dev.saleday.reports.render;

import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.SecondStats;
import dev.saleday.reports.observed.ServerView;
import dev.saleday.reports.render.ChartSeries.Point;
import dev.saleday.reports.render.ChartSeries.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** The charts of what the pods themselves measured (pod-metrics.jsonl), beside the client's. */
final class ServerCharts {

    static final String LATENCY = "server-latency";
    static final String CPU = "server-cpu";
    static final String THROTTLED = "server-throttled";
    static final String IN_FLIGHT = "server-in-flight";

    private static final List<String> PALETTE = List.of("#2f6fb5", "#e08a1e", "#27916b", "#8e5ab8", "#d35f9c",
            "#1f9bb4", "#b8a12f", "#5a4fcf", "#7a8699", "#c0392b");

    private ServerCharts() {
    }

    /** @return the server-side charts; none when the pods' metrics were not recorded at all */
    static List<TimeChart> all(RunAnalysis analysis) {
        ServerView server = analysis.observed().server();
        if (!server.recorded()) {
            return List.of();
        }
        return List.of(latency(analysis, server), cpu(analysis, server), throttled(analysis, server),
                inFlight(analysis, server));
    }

    static TimeChart latency(RunAnalysis analysis, ServerView server) {
        List<Point> client = new ArrayList<>();
        for (SecondStats second : analysis.seconds()) {
            if (second.all() != null && Double.isFinite(second.all().p99Ms())) {
                client.add(new Point(second.second(), second.all().p99Ms()));
            }
        }
        List<Point> pods = new ArrayList<>();
        for (ServerView.Round round : server.rounds()) {
            if (round.p99UpperMs() != null) {
                pods.add(new Point(TimeCharts.secondsSinceLoadStart(analysis, round.tMs()),
                        Double.isInfinite(round.p99UpperMs()) ? last(server.bucketBoundsMs()) : round.p99UpperMs()));
            }
        }
        return new TimeChart(LATENCY, "Client p99 vs the pods' p99",
                "The client's p99 per second (queueing, network and proxy included) beside the pods' own"
                        + " predict-duration p99 per scrape interval, from their histogram: " + resolution(server)
                        + ". A gap between the lines is time spent outside the model.", "ms", List.of(
                new ChartSeries("client p99", Style.LINE, "#c0392b", false, client),
                new ChartSeries("pods' p99 (bucket bound)", Style.STEP, "#2f6fb5", false, pods)));
    }

    static TimeChart cpu(RunAnalysis analysis, ServerView server) {
        List<ChartSeries> series = perPod(analysis, server, ServerView.Round::cpuMillicoresByPod, Style.LINE, false);
        TreeSet<Double> limits = new TreeSet<>();
        server.rounds().forEach(r -> limits.addAll(r.limitMillicoresByPod().values()));
        for (double limit : limits) {
            List<Point> line = new ArrayList<>();
            server.rounds().stream().findFirst().ifPresent(r -> line.add(
                    new Point(TimeCharts.secondsSinceLoadStart(analysis, r.tMs()), limit)));
            if (!server.rounds().isEmpty()) {
                line.add(new Point(TimeCharts.secondsSinceLoadStart(analysis,
                        server.rounds().get(server.rounds().size() - 1).tMs()), limit));
            }
            series.add(new ChartSeries(String.format(java.util.Locale.ROOT, "limit %.0f m", limit), Style.LINE,
                    "#1d2433", true, line));
        }
        return new TimeChart(CPU, "CPU per pod vs its limit",
                "Each pod's process CPU per scrape interval, in millicores, against its CPU limit (dashed).",
                "millicores", series);
    }

    static TimeChart throttled(RunAnalysis analysis, ServerView server) {
        return new TimeChart(THROTTLED, "Throttled time per pod",
                "Time each pod's workers waited for CPU budget, ms per second (summed over its workers): a pod at its"
                        + " CPU limit queues requests here.", "ms/s",
                perPod(analysis, server, ServerView.Round::throttledMsPerSByPod, Style.LINE, false));
    }

    static TimeChart inFlight(RunAnalysis analysis, ServerView server) {
        List<Point> inFlight = new ArrayList<>();
        List<Point> rps = new ArrayList<>();
        for (ServerView.Round round : server.rounds()) {
            double x = TimeCharts.secondsSinceLoadStart(analysis, round.tMs());
            inFlight.add(new Point(x, round.inFlight()));
            rps.add(new Point(x, round.predictRps()));
        }
        return new TimeChart(IN_FLIGHT, "In flight and answered, as the pods count them",
                "Requests in flight in all pods at each scrape, and predictions the pods answered per second.",
                "requests · req/s", List.of(
                new ChartSeries("answered (req/s)", Style.FILLED, "#27916b", false, rps),
                new ChartSeries("in flight", Style.LINE, "#e08a1e", false, inFlight)));
    }

    private static List<ChartSeries> perPod(RunAnalysis analysis, ServerView server,
                                            Function<ServerView.Round, Map<String, Double>> value, Style style,
                                            boolean dashed) {
        Map<String, List<Point>> byPod = new TreeMap<>();
        for (ServerView.Round round : server.rounds()) {
            double x = TimeCharts.secondsSinceLoadStart(analysis, round.tMs());
            value.apply(round).forEach((pod, y) -> byPod.computeIfAbsent(pod, k -> new ArrayList<>())
                    .add(new Point(x, y)));
        }
        List<ChartSeries> series = new ArrayList<>();
        int colour = 0;
        for (Map.Entry<String, List<Point>> pod : byPod.entrySet()) {
            series.add(new ChartSeries(pod.getKey(), style, PALETTE.get(colour++ % PALETTE.size()), dashed,
                    pod.getValue()));
        }
        return series;
    }

    /** @return the histogram's resolution in words, e.g. "buckets at 1, 2.5, 5 ... 10000 ms" */
    static String resolution(ServerView server) {
        if (server.bucketBoundsMs().isEmpty()) {
            return "no histogram buckets were read";
        }
        StringBuilder text = new StringBuilder("a p99 is the upper bound of its bucket, bounds at ");
        for (int i = 0; i < server.bucketBoundsMs().size(); i++) {
            text.append(i == 0 ? "" : ", ").append(Formats.number(server.bucketBoundsMs().get(i), 1));
        }
        return text.append(" ms").toString();
    }

    private static double last(List<Double> values) {
        return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
    }
}
