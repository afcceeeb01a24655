package dev.saleday.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A game day, as written in a {@code saleday/v1} plan file and validated whole: where to aim, the traffic of the
 * day, the faults to inject while it runs, the safety rails, the promises to check and how to report them.
 * Immutable; built once by {@link PlanParser}.
 *
 * @param name   the plan's {@code metadata.name}: names the run directory
 * @param target the system under test
 * @param traffic the load: phases, rates, users
 * @param faults the chaos section, in file order
 * @param guards safety rails for the faults
 * @param slo    the promises checked by the verdict
 * @param report report settings (baseline, regression bounds, cost)
 * @param observe what the pods' own metrics endpoint (and a Prometheus) are asked during the run
 */
public record Plan(
        String name,
        Target target,
        Traffic traffic,
        List<Fault> faults,
        Guards guards,
        Slo slo,
        ReportSettings report,
        Observe observe) {

    public static final String API_VERSION = "saleday/v1";
    public static final String KIND = "GameDay";

    public Plan {
        faults = List.copyOf(faults);
        java.util.Objects.requireNonNull(observe, "observe");
    }

    /** A plan that observes the pods as {@link PlanDefaults#OBSERVE} says. */
    public Plan(String name, Target target, Traffic traffic, List<Fault> faults, Guards guards, Slo slo,
                ReportSettings report) {
        this(name, target, traffic, faults, guards, slo, report, PlanDefaults.OBSERVE);
    }

    /** @return this plan with other report settings */
    public Plan withReport(ReportSettings other) {
        return new Plan(name, target, traffic, faults, guards, slo, other, observe);
    }

    /** @return the planned length of the load: the sum of all phase durations */
    public Duration loadDuration() {
        return traffic.totalDuration();
    }

    public Optional<Fault> fault(String faultName) {
        return faults.stream().filter(f -> f.name().equals(faultName)).findFirst();
    }
}
