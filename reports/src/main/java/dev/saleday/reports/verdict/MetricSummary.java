package dev.saleday.reports.verdict;

/**
 * The headline numbers of a scope (the whole load, or one phase), kept in verdict.json for baseline comparison.
 *
 * @param scope      {@code overall} or a phase name
 * @param requests   arrivals (requests started) in the scope
 * @param failed     failed requests in the scope
 * @param errorRate  failed / requests, 0 when there were none
 * @param all        latency percentiles of all requests (failed ones with the time they took), or null if none
 * @param successful latency percentiles of successful requests only, or null if none
 */
public record MetricSummary(String scope, long requests, long failed, double errorRate, Percentiles all,
                            Percentiles successful) {

    public static final String OVERALL = "overall";
}
