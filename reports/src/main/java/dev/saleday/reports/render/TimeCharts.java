package dev.saleday.reports.render;

import dev.saleday.records.AnswerCount;
import dev.saleday.records.HostSample;
import dev.saleday.reports.analysis.FailureKind;
import dev.saleday.reports.analysis.FaultEvents;
import dev.saleday.reports.analysis.CpuSlowdown;
import dev.saleday.reports.analysis.HostStarvation;
import dev.saleday.reports.analysis.ReplicaSample;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.analysis.SecondStats;
import dev.saleday.reports.analysis.VersionMix;
import dev.saleday.reports.render.ChartSeries.Point;
import dev.saleday.reports.render.ChartSeries.Style;
import dev.saleday.reports.verdict.Percentiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The time charts of a run, computed from its analysis: one definition for the HTML page and the PNGs. */
final class TimeCharts {

    static final String LATENCY = "latency";
    static final String HOST = "host";
    static final String THROUGHPUT = "throughput";
    static final String ERRORS = "errors";
    static final String REPLICAS = "replicas";
    static final String VERSIONS = "versions";
    static final String PODS = "pods";

    private static final String BLUE = "#2f6fb5";
    private static final String ORANGE = "#e08a1e";
    private static final String RED = "#c0392b";
    private static final String GREEN = "#27916b";
    private static final String PURPLE = "#8e5ab8";
    private static final String GREY = "#7a8699";
    /** Failure kinds and versions take colours in this order. */
    private static final List<String> PALETTE = List.of("#c0392b", "#e08a1e", "#8e5ab8", "#d35f9c", "#7a8699",
            "#1f9bb4", "#2f6fb5", "#27916b", "#b8a12f", "#5a4fcf");

    private TimeCharts() {
    }

    /** @return epoch ms of second 0 of the load: run.json's loadStartMs, else the first recorded second */
    static long loadStartMs(RunAnalysis analysis) {
        if (analysis.run() != null && analysis.run().info().loadStartMs() != null) {
            return analysis.run().info().loadStartMs();
        }
        if (!analysis.seconds().isEmpty()) {
            return analysis.seconds().get(0).startMs();
        }
        return analysis.overall() == null ? 0 : analysis.overall().startMs();
    }

    static double secondsSinceLoadStart(RunAnalysis analysis, long epochMs) {
        return (epochMs - loadStartMs(analysis)) / 1000.0;
    }

    static ChartFrame frame(RunAnalysis analysis) {
        long origin = loadStartMs(analysis);
        double min = 0;
        double max = 1;
        List<ChartFrame.Band> bands = new ArrayList<>();
        for (ScopeStats phase : analysis.phases()) {
            double start = (phase.startMs() - origin) / 1000.0;
            double end = (phase.endMs() - origin) / 1000.0;
            bands.add(new ChartFrame.Band(phase.name(), start, end));
            min = Math.min(min, start);
            max = Math.max(max, end);
        }
        if (!analysis.seconds().isEmpty()) {
            max = Math.max(max, analysis.seconds().get(analysis.seconds().size() - 1).second() + 1);
        }
        List<ChartFrame.Marker> markers = new ArrayList<>();
        for (FaultEvents fault : analysis.faults()) {
            Long at = fault.appliedAtMs() != null ? fault.appliedAtMs() : fault.startedAtMs();
            if (at == null) {
                continue;
            }
            String label = fault.name() + (fault.appliedAtMs() == null && fault.outcome() != null
                    ? " (" + fault.outcome() + ")" : "");
            double sec = (at - origin) / 1000.0;
            markers.add(new ChartFrame.Marker(label, sec));
            min = Math.min(min, sec);
            max = Math.max(max, sec);
        }
        List<ChartFrame.Band> starved = new ArrayList<>();
        // every stretch, the tolerated ones too: a failure that rests on one of them is the host's as well
        for (HostStarvation.Starved stretch : analysis.starvedEvery()) {
            starved.add(new ChartFrame.Band("host starved", (stretch.fromMs() - origin) / 1000.0,
                    (stretch.toMs() - origin) / 1000.0));
        }
        return new ChartFrame(Math.floor(min), Math.ceil(max), bands, markers, starved);
    }

    /** @return latency, throughput, errors, replicas and version mix, in that order */
    static List<TimeChart> all(RunAnalysis analysis) {
        ChartFrame frame = frame(analysis);
        return List.of(latency(analysis), host(analysis), throughput(analysis), errors(analysis),
                replicas(analysis, frame), versions(analysis), pods(analysis));
    }

    static TimeChart latency(RunAnalysis analysis) {
        List<SecondStats> seconds = analysis.seconds();
        List<ChartSeries> series = List.of(
                percentile("p50", BLUE, false, seconds, SecondStats::all, Percentiles::p50Ms),
                percentile("p95", ORANGE, false, seconds, SecondStats::all, Percentiles::p95Ms),
                percentile("p99", RED, false, seconds, SecondStats::all, Percentiles::p99Ms),
                percentile("p99 successful only", PURPLE, true, seconds, SecondStats::successfulOnly,
                        Percentiles::p99Ms),
                new ChartSeries("probe p99", Style.LINE, GREY, true, points(seconds, s -> s.probeP99Ms())));
        return new TimeChart(LATENCY, "Latency percentiles per second",
                "Requests by the second they arrived in (open model): a stall shows where its victims arrived. "
                        + "Failed requests count with the time they took.", "ms", series);
    }

    /** The host under the latency chart, on the same axis: was a slow second the model's or the machine's? */
    static TimeChart host(RunAnalysis analysis) {
        List<HostSample> host = analysis.host();
        long origin = loadStartMs(analysis);
        CpuSlowdown slowdown = CpuSlowdown.of(host);
        return new TimeChart(HOST, "Host: CPU busy and our processes' CPU wait",
                "From host.jsonl. How long saleday's own processes waited for a CPU decides whether the host starved"
                        + " the run, not how busy it was (shaded: starved beyond slo.hostHeadroom). Wait and GC"
                        + " pauses in ms per second, busy and the pods' wait in % of the second. The slowest CPU:"
                        + " how much longer than at its best in the run a fixed computation took on it (a CPU can run"
                        + " slower with nothing busy on it: a virtual CPU whose physical core is shared).", "ms/s · %",
                List.of(
                        new ChartSeries("host busy (%)", Style.FILLED, GREY, false,
                                hostPoints(host, origin, s -> s.cpuBusy() == null ? Double.NaN : s.cpuBusy() * 100)),
                        new ChartSeries("injector CPU wait (ms/s)", Style.LINE, RED, false,
                                hostPoints(host, origin, s -> orNaN(s.injectorWaitMsPerS()))),
                        new ChartSeries("pods' CPU wait (% of runnable)", Style.LINE, ORANGE, false,
                                hostPoints(host, origin, s -> s.podsWaitFraction() == null ? Double.NaN
                                        : s.podsWaitFraction() * 100)),
                        new ChartSeries("injector GC pauses (ms/s)", Style.LINE, PURPLE, true,
                                hostPoints(host, origin, s -> orNaN(s.gcPauseMsPerS()))),
                        new ChartSeries("slowest CPU (% slower than its best)", Style.LINE, BLUE, true,
                                hostPoints(host, origin, slowdown::slowestPercent))));
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static List<Point> hostPoints(List<HostSample> host, long originMs, ToDoubleFunction<HostSample> value) {
        List<Point> points = new ArrayList<>();
        for (HostSample second : host) {
            double y = value.applyAsDouble(second);
            if (Double.isFinite(y)) {
                points.add(new Point((second.tMs() - originMs) / 1000.0, y));
            }
        }
        return points;
    }

    static TimeChart throughput(RunAnalysis analysis) {
        List<SecondStats> seconds = analysis.seconds();
        return new TimeChart(THROUGHPUT, "Throughput",
                "Load requests started per second, and how they ended.", "req/s", List.of(
                new ChartSeries("arrivals", Style.FILLED, BLUE, false, points(seconds, s -> s.arrivals())),
                new ChartSeries("ok", Style.LINE, GREEN, false, points(seconds, s -> s.successful())),
                new ChartSeries("failed", Style.LINE, RED, false, points(seconds, s -> s.failed()))));
    }

    static TimeChart errors(RunAnalysis analysis) {
        List<SecondStats> seconds = analysis.seconds();
        List<ChartSeries> series = new ArrayList<>();
        int colour = 0;
        for (FailureKind kind : FailureKind.values()) {
            String color = PALETTE.get(colour++ % PALETTE.size());
            if (seconds.stream().anyMatch(s -> s.failures().count(kind) > 0)) {
                series.add(new ChartSeries(kind.key(), Style.STACKED_BAR, color, false,
                        points(seconds, s -> s.failures().count(kind))));
            }
        }
        if (seconds.stream().anyMatch(s -> s.probeFailed() > 0)) {
            series.add(new ChartSeries("probe failed", Style.LINE, "#1d2433", true,
                    points(seconds, s -> s.probeFailed())));
        }
        if (series.isEmpty()) {
            series.add(new ChartSeries("failed", Style.STACKED_BAR, RED, false, points(seconds, s -> s.failed())));
        }
        return new TimeChart(ERRORS, "Errors", "Failed load requests per second by kind (stacked), and failed probes.",
                "req/s", series);
    }

    static TimeChart replicas(RunAnalysis analysis, ChartFrame frame) {
        List<ReplicaSample> samples = analysis.replicas();
        return new TimeChart(REPLICAS, "Replicas",
                "The autoscaler's desired replicas against the deployment's existing and ready ones.", "replicas",
                List.of(
                        step("desired (HPA)", ORANGE, true, analysis, samples, frame, ReplicaSample::desired),
                        step("replicas", GREY, false, analysis, samples, frame, ReplicaSample::replicas),
                        step("ready", GREEN, false, analysis, samples, frame, ReplicaSample::ready)));
    }

    static TimeChart versions(RunAnalysis analysis) {
        TreeSet<String> versions = new TreeSet<>();
        analysis.versionMix().forEach(m -> versions.addAll(m.answersByVersion().keySet()));
        List<ChartSeries> series = new ArrayList<>();
        int colour = 6;
        for (String version : versions) {
            List<Point> points = new ArrayList<>();
            for (VersionMix mix : analysis.versionMix()) {
                points.add(new Point(secondsSinceLoadStart(analysis, mix.startMs()),
                        mix.answersByVersion().getOrDefault(version, 0L)));
            }
            series.add(new ChartSeries(version, Style.STACKED_AREA, PALETTE.get(colour++ % PALETTE.size()), false,
                    points));
        }
        return new TimeChart(VERSIONS, "Model versions answering",
                "Successful answers per second by the model version that gave them (stacked).", "answers/s", series);
    }

    /** What each pod answered per second: even lines are a balanced Service, a flat zero a pod it never reached. */
    static TimeChart pods(RunAnalysis analysis) {
        Map<String, TreeMap<Long, Long>> bySecondByPod = new TreeMap<>();
        for (AnswerCount answer : analysis.answers()) {
            if (answer.pod() != null) {
                bySecondByPod.computeIfAbsent(answer.pod(), k -> new TreeMap<>()).merge(answer.tMs(), answer.ok(),
                        Long::sum);
            }
        }
        List<ChartSeries> series = new ArrayList<>();
        int colour = 0;
        for (Map.Entry<String, TreeMap<Long, Long>> pod : bySecondByPod.entrySet()) {
            List<Point> points = new ArrayList<>();
            pod.getValue().forEach((ms, ok) -> points.add(new Point(secondsSinceLoadStart(analysis, ms), ok)));
            series.add(new ChartSeries(pod.getKey(), Style.LINE, PALETTE.get(colour++ % PALETTE.size()), false,
                    points));
        }
        return new TimeChart(PODS, "Answers per pod",
                "Successful answers per second from each pod (X-Pod-Name): how the Service spread the load.",
                "answers/s", series);
    }

    private static ChartSeries percentile(String name, String color, boolean dashed, List<SecondStats> seconds,
                                          Function<SecondStats, Percentiles> scope,
                                          ToDoubleFunction<Percentiles> value) {
        List<Point> points = new ArrayList<>();
        for (SecondStats second : seconds) {
            Percentiles p = scope.apply(second);
            if (p != null && Double.isFinite(value.applyAsDouble(p))) {
                points.add(new Point(second.second(), value.applyAsDouble(p)));
            }
        }
        return new ChartSeries(name, Style.LINE, color, dashed, points);
    }

    private static List<Point> points(List<SecondStats> seconds, ToDoubleFunction<SecondStats> value) {
        List<Point> points = new ArrayList<>();
        for (SecondStats second : seconds) {
            double y = value.applyAsDouble(second);
            if (Double.isFinite(y)) {
                points.add(new Point(second.second(), y));
            }
        }
        return points;
    }

    /** A step series, held to the right edge of the frame so the last state stays visible. */
    private static ChartSeries step(String name, String color, boolean dashed, RunAnalysis analysis,
                                    List<ReplicaSample> samples, ChartFrame frame,
                                    Function<ReplicaSample, Integer> value) {
        List<Point> points = new ArrayList<>();
        Integer last = null;
        for (ReplicaSample sample : samples) {
            Integer v = value.apply(sample);
            if (v != null) {
                points.add(new Point(secondsSinceLoadStart(analysis, sample.tMs()), v));
                last = v;
            }
        }
        if (last != null && points.get(points.size() - 1).xSec() < frame.xMaxSec()) {
            points.add(new Point(frame.xMaxSec(), last));
        }
        return new ChartSeries(name, Style.STEP, color, dashed, points);
    }

    /** m:ss since the load started, as the charts' x axis shows it. */
    static String clock(double secondsSinceLoadStart) {
        long s = Math.round(secondsSinceLoadStart);
        String sign = s < 0 ? "-" : "";
        s = Math.abs(s);
        return String.format(Locale.ROOT, "%s%d:%02d", sign, s / 60, s % 60);
    }
}
