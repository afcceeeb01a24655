package dev.saleday.cli.injectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.plan.Target;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The plan the injector pods get reads back with the run's traffic, the pods' target URL and no faults. */
class InjectorPlanTest {

    @Test
    void theInjectorsGetTheTrafficAndTheirTargetButNoFaults() throws Exception {
        Plan plan = PlanParser.parse(Path.of("..", "plans", "kubernetes.yaml"));
        assertThat(plan.faults()).isNotEmpty();

        Plan injectors = InjectorPlan.read(InjectorPlan.yaml(plan,
                URI.create("http://recommendation-service.shop.svc:80")));

        assertThat(injectors.traffic()).isEqualTo(plan.traffic());
        assertThat(injectors.traffic().injectors()).isEqualTo(10);
        assertThat(injectors.target().url()).isEqualTo(URI.create("http://recommendation-service.shop.svc:80"));
        assertThat(injectors.target().cluster()).isEqualTo(Target.ClusterKind.KUBECONFIG);
        assertThat(injectors.faults()).isEmpty();
        assertThat(injectors.slo().zeroDowntime()).isEmpty();
        assertThat(injectors.slo().minAchievedRateFraction()).isEqualTo(plan.slo().minAchievedRateFraction());
        assertThat(injectors.slo().maxSendLag()).isEqualTo(plan.slo().maxSendLag());
    }
}
