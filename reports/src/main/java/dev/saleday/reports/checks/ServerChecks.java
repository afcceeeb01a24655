package dev.saleday.reports.checks;

import dev.saleday.plan.Observe;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.observed.ServerView;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The checks a plan asks of the pods' own metrics ({@code observe.checks}): their 5xx share and the most throttled
 * pod. Without the pods' metrics (a scrape that could not work) they are not reached: neither passed nor failed, so
 * a scrape never fails or invalidates a run.
 */
final class ServerChecks {

    private ServerChecks() {
    }

    static List<Check> checks(RunAnalysis analysis, Observe observe) {
        List<Check> checks = new ArrayList<>();
        ServerView server = analysis.observed().server();
        String missing = server.hasData() && server.predictAnswered() > 0 ? null
                : server.notes().isEmpty() ? "the pods answered no prediction" : server.notes().get(0);
        if (observe.maxServerErrorRate() != null) {
            Check check = Check.of("server.errorRate", CheckKind.SERVER, server.serverErrorRate(),
                    observe.maxServerErrorRate(), "fraction", Comparison.AT_MOST,
                    String.format(Locale.ROOT, "the pods answered %d of %d predictions with a 5xx status (%.3f %%)",
                            server.predictServerErrors(), server.predictAnswered(),
                            server.serverErrorRate() * 100), null);
            checks.add(missing == null ? check : check.notReached(missing));
        }
        if (observe.maxThrottledFraction() != null) {
            ServerView.PodServed worst = server.pods().stream().filter(p -> p.observedSeconds() > 0)
                    .max(Comparator.comparingDouble(ServerView.PodServed::throttledFraction)).orElse(null);
            Check check = worst == null ? null : Check.of("server.throttled", CheckKind.SERVER,
                    worst.throttledFraction(), observe.maxThrottledFraction(), "fraction", Comparison.AT_MOST,
                    String.format(Locale.ROOT, "pod %s was throttled %.1f s in %.1f s observed (summed over its"
                                    + " workers)%s", worst.pod(), worst.throttledSeconds(), worst.observedSeconds(),
                            worst.limitMillicores() == null ? "" : String.format(Locale.ROOT, "; CPU limit %.0f m",
                                    worst.limitMillicores())), null);
            if (check == null) {
                check = Check.of("server.throttled", CheckKind.SERVER, Double.NaN, observe.maxThrottledFraction(),
                        "fraction", Comparison.AT_MOST, "", null).notReached(missing == null
                        ? "no pod was observed over an interval" : missing);
            } else if (missing != null) {
                check = check.notReached(missing);
            }
            checks.add(check);
        }
        return checks;
    }
}
