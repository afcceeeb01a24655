package dev.saleday.reports.checks;

import dev.saleday.plan.Slo;
import java.time.Duration;

/** The plan's bounds as they apply at a moment: the phase's own bound first, else the whole run's. */
final class Bounds {

    private final Slo slo;

    Bounds(Slo slo) {
        this.slo = slo;
    }

    /** @return the p99 bound in ms for a phase (null phase = outside phases), or NaN when the plan sets none */
    double p99Ms(String phase) {
        Duration bound = null;
        for (Slo.Latency latency : slo.latency()) {
            Duration p99 = latency.bounds().get(Slo.Percentile.P99);
            if (p99 == null) {
                continue;
            }
            if (phase != null && phase.equals(latency.phase())) {
                return p99.toNanos() / 1e6;
            }
            if (latency.phase() == null) {
                bound = p99;
            }
        }
        return bound == null ? Double.NaN : bound.toNanos() / 1e6;
    }

    /** @return the highest acceptable error rate for a phase; 0 when the plan sets none (any failure is out) */
    double maxErrorRate(String phase) {
        double rate = 0;
        for (Slo.Errors errors : slo.errors()) {
            if (phase != null && phase.equals(errors.phase())) {
                return errors.maxRate();
            }
            if (errors.phase() == null) {
                rate = errors.maxRate();
            }
        }
        return rate;
    }
}
