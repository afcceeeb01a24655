package dev.saleday.simulations;

import dev.saleday.plan.Slo;
import io.gatling.javaapi.core.Assertion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;

/**
 * The plan's latency and error-rate promises as Gatling assertions, so that a plain {@code gatling:test} fails the
 * build too (exit status 2). Only for such runs: a saleday run ({@link LoadSettings#of(dev.saleday.plan.Plan,
 * java.net.URI, java.nio.file.Path)}) carries no assertions, its verdict judges the SLOs from the records. A phase bound applies to the phase's requests (named after the phase); a bound without
 * a phase to all requests. Bounds on phases this injector sends nothing in are left out: Gatling would fail them for
 * want of data. The verdict (reports/) checks more (zero downtime, autoscaling); these are the ones Gatling can.
 */
final class SloAssertions {

    private SloAssertions() {
    }

    static List<Assertion> from(Slo slo, Set<String> phasesWithRequests) {
        List<Assertion> assertions = new ArrayList<>();
        if (slo == null) {
            return assertions;
        }
        for (Slo.Latency latency : slo.latency()) {
            if (latency.phase() != null && !phasesWithRequests.contains(latency.phase())) {
                continue;
            }
            for (Map.Entry<Slo.Percentile, Duration> bound : latency.bounds().entrySet()) {
                int millis = (int) Math.min(Integer.MAX_VALUE, bound.getValue().toMillis());
                var responseTime = (latency.phase() == null ? global() : details(latency.phase())).responseTime();
                assertions.add(bound.getKey() == Slo.Percentile.MAX
                        ? responseTime.max().lte(millis)
                        : responseTime.percentile(bound.getKey().percentile()).lte(millis));
            }
        }
        for (Slo.Errors errors : slo.errors()) {
            if (errors.phase() != null && !phasesWithRequests.contains(errors.phase())) {
                continue;
            }
            assertions.add((errors.phase() == null ? global() : details(errors.phase()))
                    .failedRequests().percent().lte(errors.maxRate() * 100));
        }
        return assertions;
    }
}
