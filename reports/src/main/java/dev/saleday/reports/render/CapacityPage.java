package dev.saleday.reports.render;

import dev.saleday.records.CapacityFile;
import dev.saleday.reports.observed.OnePodCapacity;
import dev.saleday.reports.observed.StepsCost;
import dev.saleday.reports.observed.StepsCpuSpeed;
import dev.saleday.reports.observed.WarmUpSettling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page of a {@code saleday capacity} run ({@code report/capacity.html}): the steps as an ECharts chart (rate vs
 * p99 and error rate, the bound and the knee marked), the step table and the recommendation with its arithmetic. One
 * self-contained file, like the game day's report.
 */
public final class CapacityPage {

    private CapacityPage() {
    }

    /**
     * @param warmUp the held pod's warm-up before the steps, null when there was none
     * @param steps  the pod's CPU a request over the steps against the warm-up's, null when not compared
     * @param cpuSpeed this machine's CPU speed over the steps against its usual, null when not read
     */
    public static String page(String planName, OnePodCapacity capacity, WarmUpSettling.OfRun warmUp,
                              StepsCost steps, StepsCpuSpeed cpuSpeed) {
        EChartsLibrary echarts = EChartsLibrary.get();
        CapacityFile.Header bounds = capacity.search().header();
        StringBuilder html = new StringBuilder(echarts.script().length() + 20_000);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>").append(Html.text("capacity · " + planName + " · saleday")).append("</title>\n<style>\n")
                .append(HtmlReport.resource("report.css")).append("</style>\n</head>\n<body>\n<main>\n");
        html.append("<h1>Capacity of one pod: ").append(Html.text(planName)).append("</h1>\n<p class=\"sub\">")
                .append(Html.text(String.format(Locale.ROOT, "Bounds: p99 <= %d ms, errors <= %.2f %%. ",
                        bounds.maxP99Ms(), bounds.maxErrorRate() * 100)))
                .append(Html.text(capacity.kneeFound()
                        ? String.format(Locale.ROOT, "Knee at %s req/s; one pod sustained %s req/s.",
                        fmt(capacity.kneeRps()), fmt(capacity.sustainedRps()))
                        : String.format(Locale.ROOT, "No step broke a bound: one pod sustained at least %s req/s.",
                        fmt(capacity.sustainedRps()))))
                .append("</p>\n");
        if (!capacity.valid()) {
            html.append("<div class=\"incomplete\"><strong>INVALID</strong>: ")
                    .append(Html.text(capacity.invalidReason())).append("</div>\n");
        }
        if (warmUp != null) {
            html.append("<section><h2>Warm-up</h2>\n<p>").append(Html.text(warmUpLine(warmUp))).append("</p>\n");
            if (steps != null) {
                html.append("<p>").append(Html.text("Over the steps: " + steps.reason() + ".")).append("</p>\n");
            }
            html.append("</section>\n");
        }
        html.append("<section><h2>Steps</h2>\n");
        if (cpuSpeed != null) {
            // with or without a warm-up: the knee moves with the CPUs the pod ran on
            html.append("<p>").append(Html.text("This machine's CPUs over the steps: " + cpuSpeed.reason() + "."))
                    .append("</p>\n");
        }
        html.append("<div id=\"capacity-steps\" style=\"height:360px\"></div>\n")
                .append("<table><thead><tr><th>step</th><th>rate req/s</th><th>sent</th><th>ok</th><th>failed</th>"
                        + "<th>p99 ms</th><th>errors %</th><th>held</th></tr></thead><tbody>\n");
        for (CapacityFile.StepJudgement step : capacity.search().steps()) {
            html.append("<tr><td>").append(Html.text(step.step())).append("</td><td>").append(fmt(step.rateRps()))
                    .append("</td><td>").append(step.sent()).append("</td><td>").append(step.ok()).append("</td><td>")
                    .append(step.failed()).append("</td><td>").append(fmt(step.p99Ms())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", step.errorRate() * 100)).append("</td><td>")
                    .append(step.held() ? "yes" : "<strong>no</strong>").append("</td></tr>\n");
        }
        html.append("</tbody></table></section>\n<section><h2>Recommendation for the real day</h2>\n");
        if (capacity.recommendation() == null) {
            html.append("<p>No recommendation: ").append(Html.text(capacity.missing())).append(".</p>\n");
        } else {
            html.append("<pre>");
            for (String line : capacity.recommendation().lines()) {
                html.append(Html.text(line)).append('\n');
            }
            html.append("</pre>\n");
        }
        html.append("</section>\n<footer>Generated by saleday · charts by Apache ECharts ")
                .append(Html.text(echarts.version())).append("</footer>\n</main>\n");
        html.append("<script type=\"application/json\" id=\"capacity-data\">")
                .append(Html.jsonForScript(chartData(capacity))).append("</script>\n");
        html.append("<script>\n").append(echarts.script()).append("\n</script>\n");
        html.append("<script>\n").append(CHART_SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    /** @return e.g. {@code 14 req/s for 30 s of at most 60 s: settled (13.3 ms of CPU a request ...). The pod's CPU a
     * request, each 5 s: 27.1, 14.0, ... ms.} */
    static String warmUpLine(WarmUpSettling.OfRun warmUp) {
        StringBuilder costs = new StringBuilder();
        for (double cost : warmUp.settling().windowCpuMsPerRequest()) {
            costs.append(costs.length() == 0 ? "" : ", ").append(Double.isNaN(cost) ? "-"
                    : String.format(Locale.ROOT, "%.1f", cost));
        }
        return String.format(Locale.ROOT, "%s req/s to %s for %s of at most %d s: %s (%s). The pod's CPU a request,"
                        + " each %d s: %s ms.", fmt(warmUp.header().rateRps()), warmUp.header().pod(),
                warmUp.end() == null ? "an unfinished warm-up" : Math.round(warmUp.tookMs() / 1000.0) + " s",
                warmUp.header().maxMs() / 1000, warmUp.settling().settled() ? "settled"
                        : "NOT settled: the steps measured a pod still getting cheaper, the knee may be low",
                warmUp.settling().reason(), warmUp.header().windowMs() / 1000, costs);
    }

    /** The chart's data: one point per step, the p99 bound, the knee's index (-1 when none). */
    static Map<String, Object> chartData(OnePodCapacity capacity) {
        List<String> rates = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        int knee = -1;
        List<CapacityFile.StepJudgement> steps = capacity.search().steps();
        for (int i = 0; i < steps.size(); i++) {
            CapacityFile.StepJudgement step = steps.get(i);
            rates.add(fmt(step.rateRps()));
            p99.add(step.p99Ms());
            errors.add(step.errorRate() * 100);
            if (knee < 0 && capacity.kneeFound() && step.step().equals(capacity.search().knee().step())) {
                knee = i;
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rates", rates);
        data.put("p99Ms", p99);
        data.put("errorsPercent", errors);
        data.put("maxP99Ms", capacity.search().header().maxP99Ms());
        data.put("maxErrorPercent", capacity.search().header().maxErrorRate() * 100);
        data.put("knee", knee);
        return data;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static final String CHART_SCRIPT = """
            (function () {
              var d = JSON.parse(document.getElementById('capacity-data').textContent);
              var chart = echarts.init(document.getElementById('capacity-steps'));
              var knee = d.knee >= 0 ? [{xAxis: d.knee, name: 'knee', label: {formatter: 'knee ' + d.rates[d.knee]
                  + ' req/s'}}] : [];
              chart.setOption({
                animation: false,
                tooltip: {trigger: 'axis'},
                legend: {data: ['p99 ms', 'errors %']},
                xAxis: {type: 'category', name: 'req/s', data: d.rates},
                yAxis: [{type: 'value', name: 'p99 ms'}, {type: 'value', name: 'errors %', min: 0}],
                series: [
                  {name: 'p99 ms', type: 'line', data: d.p99Ms, markLine: {symbol: 'none', data:
                      [{yAxis: d.maxP99Ms, name: 'p99 bound', label: {formatter: 'p99 bound ' + d.maxP99Ms + ' ms'}}]
                      .concat(knee)}},
                  {name: 'errors %', type: 'bar', yAxisIndex: 1, data: d.errorsPercent}
                ]
              });
            })();
            """;
}
