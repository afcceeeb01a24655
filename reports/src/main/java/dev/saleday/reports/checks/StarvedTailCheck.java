package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.plan.Slo;
import dev.saleday.reports.analysis.HostStarvation;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import dev.saleday.reports.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code validity.hostStarvedTail}: a latency or error-rate check that fails only on the requests in flight while
 * the host starved saleday's processes of CPU is not one the records support. A stretch too short for
 * {@code validity.hostHeadroom} (at most {@code maxStarved}) still delays every request the injector sends, reads or
 * times in it, and 3 starved seconds are 7.5 % of a 40 s peak: more than a p99's 1 %. So each such check is judged
 * again without those requests (the analysis keeps them apart, {@link ScopeStats#clearOfStarved}); when it passes
 * without them, or nothing is left, its failure is the host's: the check says it is unreliable and the run is
 * INVALID. A check that fails without them too keeps its FAIL, and this check says so. Present only when a failed
 * latency or error-rate check had requests in starved time; checks {@code validity.hostHeadroom} already made
 * unreliable are its.
 */
final class StarvedTailCheck {

    static final String NAME = Verdict.InvalidBy.HOST_TAIL_CHECK;

    private StarvedTailCheck() {
    }

    /** @return {@code checks} with this check after the other validity checks, and the failures it judged marked */
    static List<Check> apply(RunAnalysis analysis, Plan plan, List<Check> checks) {
        Map<String, Judged> judged = new LinkedHashMap<>();
        for (Slo.Latency latency : plan.slo().latency()) {
            scope(analysis, latency.phase()).ifPresent(scope -> {
                for (Map.Entry<Slo.Percentile, Duration> bound : latency.bounds().entrySet()) {
                    String name = "latency." + scope.name() + "." + bound.getKey().key();
                    double threshold = bound.getValue().toNanos() / 1e6;
                    double without = scope.clearOfStarved().all().valueAtPercentileMs(bound.getKey().percentile());
                    // nothing left without them (NaN) is no failure of the model's
                    judge(checks, name, scope, without > threshold, Double.isNaN(without) ? "no request without them"
                            : String.format(Locale.ROOT, "%.1f ms without them", without), judged);
                }
            });
        }
        for (Slo.Errors errors : plan.slo().errors()) {
            scope(analysis, errors.phase()).ifPresent(scope -> {
                ScopeStats clear = scope.clearOfStarved();
                double without = clear.errorRate();
                judge(checks, "errors." + scope.name() + ".rate", scope, without > errors.maxRate(),
                        String.format(Locale.ROOT, "%d of %d failed without them (%.3f %%)", clear.failed(),
                                clear.arrivals(), without * 100), judged);
            });
        }
        if (judged.isEmpty()) {
            return checks;
        }
        List<String> details = new ArrayList<>();
        Set<String> unreliable = new LinkedHashSet<>();
        judged.forEach((name, j) -> {
            details.add(j.detail);
            if (!j.failsWithout) {
                unreliable.add(name);
            }
        });
        Check tail = Check.of(NAME, CheckKind.VALIDITY, unreliable.size(), 0, "checks", Comparison.AT_MOST,
                String.join("; ", details) + " (the host starved saleday's processes " + stretches(analysis) + ")",
                null);
        return HostHeadroomCheck.insertMarking(checks, tail, unreliable, UNRELIABLE);
    }

    /** What a check that failed only on requests in starved time adds to its detail. */
    static final String UNRELIABLE = "unreliable: fails only on requests in flight while the host starved saleday's"
            + " processes of CPU";

    private record Judged(boolean failsWithout, String detail) {
    }

    /** @return the scope, when it had requests in starved time and the host was judged */
    private static Optional<ScopeStats> scope(RunAnalysis analysis, String phase) {
        Optional<ScopeStats> scope = phase == null ? Optional.of(analysis.overall()) : analysis.phase(phase);
        return scope.filter(s -> s.clearOfStarved() != null && s.clearOfStarved().arrivals() < s.arrivals());
    }

    private static void judge(List<Check> checks, String name, ScopeStats scope, boolean failsWithout,
                              String withoutText, Map<String, Judged> judged) {
        Check check = checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        if (check == null || !check.failed() || check.detail().contains(HostHeadroomCheck.UNRELIABLE)) {
            return;
        }
        long inStarvedTime = scope.arrivals() - scope.clearOfStarved().arrivals();
        String measured = check.unit().equals("ms") ? String.format(Locale.ROOT, "%.1f ms", check.measured())
                : String.format(Locale.ROOT, "%.3f %%", check.measured() * 100);
        String detail = String.format(Locale.ROOT, "%s %s the %d of %d requests in flight while the host starved"
                        + " saleday's processes: %s with them, %s", name,
                failsWithout ? "fails with or without" : "fails only on", inStarvedTime, scope.arrivals(), measured,
                withoutText);
        judged.put(name, new Judged(failsWithout, detail));
    }

    /** @return e.g. {@code from 0:25 to 0:26, from 0:40 to 0:41} */
    private static String stretches(RunAnalysis analysis) {
        List<String> spans = new ArrayList<>();
        long start = analysis.overall().startMs();
        for (HostStarvation.Starved s : analysis.starvedEvery()) {
            spans.add("from " + HostHeadroomCheck.clock(s.fromMs() - start) + " to "
                    + HostHeadroomCheck.clock(s.toMs() - start));
        }
        return String.join(", ", spans);
    }
}
