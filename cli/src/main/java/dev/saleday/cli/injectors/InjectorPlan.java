package dev.saleday.cli.injectors;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanException;
import dev.saleday.plan.PlanParser;
import dev.saleday.plan.PlanWriter;
import dev.saleday.plan.ReportSettings;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Target;
import java.net.URI;
import java.util.List;

/**
 * The plan an injector pod drives, as the coordinator hands it over in the injectors' ConfigMap: the run's traffic
 * (every arrival of every shard, so each pod computes its own share), the target as the pods reach it, and only the
 * SLOs the injector holds itself to (achieved rate, lags). Faults, their SLOs and the report stay with the
 * coordinator: faults are fired and undone by it alone.
 */
public final class InjectorPlan {

    private InjectorPlan() {
    }

    /** @return the injectors' plan as saleday/v1 YAML */
    public static String yaml(Plan plan, URI targetUrl) {
        Target t = plan.target();
        Target target = new Target(Target.ClusterKind.KUBECONFIG, t.namespace(), t.deployment(), t.container(),
                t.service(), null, null, null, targetUrl);
        Slo slo = new Slo(List.of(), List.of(), List.of(), null, null, List.of(),
                plan.slo().minAchievedRateFraction(), plan.slo().maxInjectionLag(), List.of(), null,
                plan.slo().maxSendLag());
        return PlanWriter.toYaml(new Plan(plan.name(), target, plan.traffic(), List.of(), plan.guards(), slo,
                plan.report().withBaseline(null), plan.observe()));
    }

    /** @throws PlanException when the text is not a plan (the ConfigMap was edited, or another saleday wrote it) */
    public static Plan read(String yaml) throws PlanException {
        return PlanParser.parse(yaml, "the injectors' ConfigMap");
    }
}
