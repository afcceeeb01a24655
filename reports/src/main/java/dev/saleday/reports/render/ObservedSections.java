package dev.saleday.reports.render;

import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.observed.CapacityRecommendation;
import dev.saleday.reports.observed.CostOfDay;
import dev.saleday.reports.observed.Observed;
import dev.saleday.reports.observed.ServerView;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report's sections beyond the client's view: what the pods saw, capacity, and the cost of the day. */
final class ObservedSections {

    private ObservedSections() {
    }

    static void server(StringBuilder html, RunAnalysis analysis) {
        ServerView server = analysis.observed().server();
        html.append("<h2 id=\"server\">What the pods saw</h2>\n");
        for (String note : server.notes()) {
            html.append("<p class=\"note\"><strong>Server side:</strong> ").append(Html.text(note)).append("</p>\n");
        }
        if (!server.hasData()) {
            return;
        }
        long between = analysis.observed().failuresNoPodAnswered(analysis.overall().failed(),
                analysis.overall().successful());
        html.append("<p class=\"detail\">").append(Html.text(String.format(Locale.ROOT,
                "Scraped through the API server's pod proxy: %d scrapes of %d pods. The pods answered %d predictions"
                        + " during the load (%d with a 5xx status); their p99 over the load is %s (%s). In flight at"
                        + " the first and last scrapes: %.0f and %.0f.%s",
                server.scrapes(), server.pods().size(), server.predictAnswered(), server.predictServerErrors(),
                p99(server.p99UpperMs()), ServerCharts.resolution(server), server.inFlightAtStart(),
                server.inFlightAtEnd(), between > 0 ? String.format(Locale.ROOT, " %d of the client's %d failed"
                        + " requests no pod answered as a failure: they failed in between (proxy, network, a dying"
                        + " pod).", between, analysis.overall().failed()) : ""))).append("</p>\n");
        html.append("<table class=\"numbers\">\n<thead><tr><th>Pod</th><th>Predictions by status</th>")
                .append("<th>CPU mean</th><th>CPU peak</th><th>Limit</th><th>Throttled</th><th>Alive at the end</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (ServerView.PodServed pod : server.pods()) {
            String statuses = pod.predictByStatus().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
            html.append("<tr><td>").append(Html.text(pod.pod())).append("</td><td>")
                    .append(Html.text(statuses.isEmpty() ? "none" : statuses)).append("</td><td class=\"num\">")
                    .append(Html.text(pod.observedSeconds() > 0 ? Formats.number(pod.cpuSeconds()
                            / pod.observedSeconds() * 1000, 0) + " m" : "–"))
                    .append("</td><td class=\"num\">").append(Html.text(Formats.number(pod.peakCpuMillicores(), 0)
                            + " m")).append("</td><td class=\"num\">")
                    .append(Html.text(pod.limitMillicores() == null ? "none"
                            : Formats.number(pod.limitMillicores(), 0) + " m")).append("</td><td class=\"num\">")
                    .append(Html.text(String.format(Locale.ROOT, "%.1f s (%.0f %%)", pod.throttledSeconds(),
                            Double.isNaN(pod.throttledFraction()) ? 0 : pod.throttledFraction() * 100)))
                    .append("</td><td>").append(pod.atEnd() ? "yes" : "no").append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (!server.queries().isEmpty()) {
            html.append("<p class=\"detail\">Prometheus, last answers: ");
            html.append(Html.text(server.queries().entrySet().stream().map(e -> e.getKey() + " = "
                    + Formats.number(e.getValue(), 3)).collect(Collectors.joining(", ")))).append("</p>\n");
        }
    }

    static void capacity(StringBuilder html, RunAnalysis analysis) {
        Observed observed = analysis.observed();
        html.append("<h2 id=\"capacity\">Capacity for the real day</h2>\n");
        CapacityRecommendation capacity = observed.capacity();
        if (capacity == null) {
            html.append("<p class=\"detail\">Not shown: ").append(Html.text(observed.capacityMissing()))
                    .append(".</p>\n");
            return;
        }
        html.append("<p class=\"detail\">For the plan's rates as written (unscaled), with the per-pod rate these"
                + " records measured.</p>\n<ul class=\"capacity\">\n");
        for (String line : capacity.lines()) {
            html.append("<li>").append(Html.text(line)).append("</li>\n");
        }
        html.append("</ul>\n");
    }

    static void cost(StringBuilder html, RunAnalysis analysis) {
        CostOfDay cost = analysis.observed().cost();
        html.append("<h2 id=\"cost\">Cost of the day</h2>\n");
        if (cost.podSeconds() <= 0) {
            html.append("<p class=\"detail\">Not shown: the timeline has no pod running during the load.</p>\n");
            return;
        }
        boolean priced = !Double.isNaN(cost.coreHours());
        html.append("<table class=\"numbers\">\n<thead><tr><th></th><th>Pods</th><th>Pod-hours</th>")
                .append("<th>CPU-request core-hours</th><th>Cost</th></tr></thead>\n<tbody>\n");
        row(html, "Autoscaled (this run)", "up to " + cost.peakPods(), cost.podSeconds() / 3600, cost.coreHours(),
                cost.cost(), priced);
        row(html, "Fixed, sized for the peak", String.valueOf(cost.peakPods()), cost.fixedPodSeconds() / 3600,
                cost.fixedCoreHours(), cost.fixedCost(), priced);
        html.append("<tr><td><strong>Saving</strong></td><td></td><td class=\"num\">")
                .append(Html.text(Formats.number((cost.fixedPodSeconds() - cost.podSeconds()) / 3600, 3)))
                .append("</td><td class=\"num\">").append(Html.text(priced ? Formats.number(cost.fixedCoreHours()
                        - cost.coreHours(), 4) : "–")).append("</td><td class=\"num\">")
                .append(Html.text(priced ? Formats.number(cost.saving(), 4) : "–")).append(Html.text(String.format(
                        Locale.ROOT, " (%.0f %%)", cost.savingFraction() * 100))).append("</td></tr>\n");
        html.append("</tbody>\n</table>\n<p class=\"detail\">").append(Html.text(String.join("; ",
                cost.arithmetic()))).append(". Over the load's ").append(Html.text(Formats.number(
                cost.windowSeconds(), 0))).append(" s; price from report.cost.cpuCoreHour.</p>\n");
    }

    private static void row(StringBuilder html, String name, String pods, double podHours, double coreHours,
                            double cost, boolean priced) {
        html.append("<tr><td>").append(Html.text(name)).append("</td><td class=\"num\">").append(Html.text(pods))
                .append("</td><td class=\"num\">").append(Html.text(Formats.number(podHours, 3)))
                .append("</td><td class=\"num\">").append(Html.text(priced ? Formats.number(coreHours, 4) : "–"))
                .append("</td><td class=\"num\">").append(Html.text(priced ? Formats.number(cost, 4) : "–"))
                .append("</td></tr>\n");
    }

    private static String p99(Double upperMs) {
        if (upperMs == null) {
            return "unknown";
        }
        return Double.isInfinite(upperMs) ? "beyond the last bucket" : "at most " + Formats.number(upperMs, 1)
                + " ms";
    }

}
