package dev.saleday.chaos;

import dev.saleday.plan.Count;
import dev.saleday.plan.Fault;
import dev.saleday.plan.Guards;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.ReportSettings;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Target;
import dev.saleday.plan.Traffic;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Plans built in code (the parser is another module's), small and fast. */
final class TestPlans {

    static final String CONTEXT = "saleday-local";

    private TestPlans() {
    }

    static Guards guards() {
        return new Guards(List.of(), List.of(), null, false, null);
    }

    static Plan plan(String namespace, List<Fault> faults, Guards guards) {
        return plan(namespace, faults, guards, Duration.ofSeconds(30));
    }

    static Plan plan(String namespace, List<Fault> faults, Guards guards, Duration loadDuration) {
        return plan(namespace, "web", "app", faults, guards, loadDuration);
    }

    static Plan plan(String namespace, String deployment, String container, List<Fault> faults, Guards guards,
                     Duration loadDuration) {
        Target target = new Target(Target.ClusterKind.KUBECONFIG, namespace, deployment, container, deployment, null,
                null, CONTEXT, null);
        Traffic traffic = new Traffic(1, new Traffic.Users(Traffic.Users.Distribution.UNIFORM, 10, 1), List.of(), 1,
                Duration.ofSeconds(1), List.of(new Phase("baseline", loadDuration.dividedBy(2), 1, 1),
                new Phase("peak", loadDuration.dividedBy(2), 2, 2)));
        Slo slo = new Slo(List.of(), List.of(), List.of(), null, null, List.of(), 0.95);
        return new Plan("test", target, traffic, faults, guards, slo, new ReportSettings(null, Map.of()));
    }

    static Guards maxPodsKilled(Count count) {
        return new Guards(List.of(), List.of(), count, false, null);
    }
}
