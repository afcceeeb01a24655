package dev.saleday.simulations.support;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Traffic;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Traffic and SLO values built in code, as the plan parser would build them. */
public final class Plans {

    private Plans() {
    }

    public static Traffic traffic(double scale, long seed, List<Phase> phases) {
        return new Traffic(scale, new Traffic.Users(Traffic.Users.Distribution.ZIPF, 100_000, 1.1),
                List.of(new Traffic.KWeight(10, 0.7), new Traffic.KWeight(20, 0.2), new Traffic.KWeight(50, 0.1)),
                seed, Duration.ofSeconds(2), phases);
    }

    public static Phase constant(String name, long seconds, double rateRps) {
        return new Phase(name, Duration.ofSeconds(seconds), rateRps, rateRps);
    }

    public static Phase ramp(String name, long seconds, double fromRps, double toRps) {
        return new Phase(name, Duration.ofSeconds(seconds), fromRps, toRps);
    }

    /** A ten-second sale day at scale 0.005: 50 req/s, a ramp to 200, a peak, a ramp down to 25. */
    public static Traffic shortSaleDay() {
        return traffic(0.005, 42, List.of(
                constant("baseline", 3, 10_000),
                ramp("pre-sale", 2, 10_000, 40_000),
                constant("peak", 3, 40_000),
                ramp("post-sale", 2, 40_000, 5_000)));
    }

    public static Slo slo(List<Slo.Latency> latency, List<Slo.Errors> errors) {
        return new Slo(latency, errors, List.of(), null, null, List.of(), 0.95);
    }

    public static Slo.Latency p99(String phase, Duration bound) {
        return new Slo.Latency(phase, Map.of(Slo.Percentile.P99, bound));
    }
}
