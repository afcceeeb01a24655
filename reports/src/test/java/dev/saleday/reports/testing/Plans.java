package dev.saleday.reports.testing;

import dev.saleday.plan.Action;
import dev.saleday.plan.Count;
import dev.saleday.plan.Fault;
import dev.saleday.plan.Guards;
import dev.saleday.plan.LabelSelector;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.ReportSettings;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Target;
import dev.saleday.plan.Traffic;
import dev.saleday.plan.Trigger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Plans for tests, built as values (the YAML parser has its own tests). */
public final class Plans {

    public static final Slo NO_SLO = slo(List.of(), List.of(), List.of(), null, null, List.of());

    private Plans() {
    }

    public static Phase phase(String name, long seconds, double rateRps) {
        return new Phase(name, Duration.ofSeconds(seconds), rateRps, rateRps);
    }

    public static Slo slo(List<Slo.Latency> latency, List<Slo.Errors> errors, List<Slo.ZeroDowntime> zeroDowntime,
                          Slo.ScaleUp scaleUp, Slo.ScaleDown scaleDown, List<Slo.RolloutTime> rollouts) {
        return new Slo(latency, errors, zeroDowntime, scaleUp, scaleDown, rollouts, 0.95);
    }

    public static Fault podKill(String name, String phase, long offsetSeconds) {
        return new Fault(name, new Trigger.At(phase, Duration.ofSeconds(offsetSeconds)),
                new Action.PodKill(LabelSelector.parse("app=recommendation"), Count.percent(30),
                        Action.PodPick.RANDOM, Duration.ZERO), null);
    }

    public static Plan plan(List<Phase> phases, List<Fault> faults, Slo slo) {
        return plan(phases, faults, slo, new ReportSettings(null, Map.of()));
    }

    public static Plan plan(List<Phase> phases, List<Fault> faults, Slo slo, ReportSettings report) {
        Target target = new Target(Target.ClusterKind.LOCAL, "shop", "recommendation", "model",
                "recommendation-service", null, null, null, URI.create("http://127.0.0.1:1"));
        Traffic traffic = new Traffic(1.0, new Traffic.Users(Traffic.Users.Distribution.UNIFORM, 100, 1.0), List.of(),
                42, Duration.ofSeconds(2), phases);
        Guards guards = new Guards(List.of("shop"), List.of("saleday-local"), Count.percent(50), false, null);
        return new Plan("test-plan", target, traffic, faults, guards, slo, report);
    }
}
