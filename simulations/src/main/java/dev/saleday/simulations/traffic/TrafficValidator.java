package dev.saleday.simulations.traffic;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Traffic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@link Traffic} value before anything is driven, whoever built it (the plan parser or code), and reports
 * every problem at once. YAML-level errors (line and column) are the plan parser's; this is the load's own contract.
 */
final class TrafficValidator {

    private TrafficValidator() {
    }

    static void validate(Traffic traffic) {
        if (traffic == null) {
            throw new InvalidTrafficException(List.of("traffic: missing"));
        }
        List<String> problems = new ArrayList<>();
        if (!(traffic.scale() > 0) || Double.isInfinite(traffic.scale())) {
            problems.add("traffic.scale: must be > 0 and finite, got " + traffic.scale());
        }
        checkUsers(traffic.users(), problems);
        checkKMix(traffic.kMix(), problems);
        if (traffic.requestTimeout() != null && (traffic.requestTimeout().isNegative() || traffic.requestTimeout().isZero())) {
            problems.add("traffic.requestTimeout: must be > 0, got " + traffic.requestTimeout());
        }
        checkPhases(traffic.phases(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidTrafficException(problems);
        }
    }

    private static void checkUsers(Traffic.Users users, List<String> problems) {
        if (users == null) {
            problems.add("traffic.users: missing");
            return;
        }
        if (users.distribution() == null) {
            problems.add("traffic.users.distribution: must be zipf or uniform, got nothing");
        }
        if (users.count() < 1) {
            problems.add("traffic.users.count: must be >= 1, got " + users.count());
        }
        if (users.distribution() == Traffic.Users.Distribution.ZIPF
                && (!(users.exponent() > 0) || Double.isInfinite(users.exponent()))) {
            problems.add("traffic.users.exponent: must be > 0 and finite for zipf, got " + users.exponent());
        }
    }

    private static void checkKMix(List<Traffic.KWeight> kMix, List<String> problems) {
        if (kMix.isEmpty()) {
            problems.add("traffic.kMix: must name at least one k");
            return;
        }
        double total = 0;
        for (int i = 0; i < kMix.size(); i++) {
            Traffic.KWeight weight = kMix.get(i);
            if (weight.k() < 1) {
                problems.add("traffic.kMix[" + i + "].k: must be >= 1, got " + weight.k());
            }
            if (!(weight.weight() >= 0) || Double.isInfinite(weight.weight())) {
                problems.add("traffic.kMix[" + i + "].weight: must be >= 0 and finite, got " + weight.weight());
            } else {
                total += weight.weight();
            }
        }
        if (!(total > 0)) {
            problems.add("traffic.kMix: weights must sum to more than 0, got " + total);
        }
    }

    private static void checkPhases(List<Phase> phases, List<String> problems) {
        if (phases.isEmpty()) {
            problems.add("traffic.phases: must hold at least one phase");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            String at = "traffic.phases[" + i + "]";
            if (phase.name() == null || phase.name().isBlank()) {
                problems.add(at + ".name: must not be empty");
            } else if (!names.add(phase.name())) {
                problems.add(at + ".name: must be unique, '" + phase.name() + "' is used twice");
            }
            if (phase.duration() == null || phase.duration().toMillis() < 1) {
                problems.add(at + ".duration: must be at least 1ms, got " + phase.duration());
            }
            checkRate(at + ".rate", phase.startRateRps(), problems);
            checkRate(at + ".rampTo", phase.endRateRps(), problems);
        }
    }

    private static void checkRate(String at, double rateRps, List<String> problems) {
        if (!(rateRps >= 0) || Double.isInfinite(rateRps)) {
            problems.add(at + ": must be >= 0 req/s and finite, got " + rateRps);
        }
    }
}
