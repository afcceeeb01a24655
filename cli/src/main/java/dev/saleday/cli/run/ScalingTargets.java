package dev.saleday.cli.run;

import dev.saleday.chaos.OnePodHold;
import dev.saleday.plan.Plan;
import dev.saleday.plan.autoscaling.ScalingRules;
import dev.saleday.reports.observed.ScalingTarget;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads a plan's target from the cluster: the model container's CPU request and limit, and the HPA scaling it. */
final class ScalingTargets {

    private ScalingTargets() {
    }

    static ScalingTarget read(KubernetesClient client, Plan plan) {
        String namespace = plan.target().namespace();
        Deployment deployment = client.apps().deployments().inNamespace(namespace)
                .withName(plan.target().deployment()).get();
        if (deployment == null) {
            throw new IllegalStateException("Deployment " + namespace + "/" + plan.target().deployment()
                    + " does not exist");
        }
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        Container model = containers.stream().filter(c -> c.getName().equals(plan.target().container()))
                .findFirst().orElse(containers.get(0));
        Integer request = null;
        Integer limit = null;
        if (model.getResources() != null) {
            request = millicores(model.getResources().getRequests());
            limit = millicores(model.getResources().getLimits());
        }
        ScalingTarget.Hpa hpa = OnePodHold.hpaOf(client, namespace, plan.target().deployment())
                .map(name -> hpa(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                        .withName(name).get()))
                .orElse(null);
        return new ScalingTarget(replicas, request, limit, hpa);
    }

    private static ScalingTarget.Hpa hpa(HorizontalPodAutoscaler hpa) {
        Integer target = null;
        for (MetricSpec metric : hpa.getSpec().getMetrics() == null ? List.<MetricSpec>of()
                : hpa.getSpec().getMetrics()) {
            if ("Resource".equals(metric.getType()) && metric.getResource() != null
                    && "cpu".equals(metric.getResource().getName()) && metric.getResource().getTarget() != null) {
                target = metric.getResource().getTarget().getAverageUtilization();
            }
        }
        HPAScalingRules up = hpa.getSpec().getBehavior() == null ? null : hpa.getSpec().getBehavior().getScaleUp();
        ScalingRules behavior = up == null ? ScalingRules.defaultScaleUp() : ScalingRules.of(
                up.getStabilizationWindowSeconds(), up.getPolicies() == null ? null : up.getPolicies().stream()
                        .map(p -> new ScalingRules.Policy(p.getType(), p.getValue(),
                                Duration.ofSeconds(p.getPeriodSeconds()))).toList(),
                up.getSelectPolicy(), ScalingRules.defaultScaleUp());
        Integer min = hpa.getSpec().getMinReplicas();
        return new ScalingTarget.Hpa(hpa.getMetadata().getName(), min == null ? 1 : min,
                hpa.getSpec().getMaxReplicas(), target, behavior);
    }

    private static Integer millicores(Map<String, Quantity> resources) {
        if (resources == null || resources.get("cpu") == null) {
            return null;
        }
        BigDecimal cores = Quantity.getAmountInBytes(resources.get("cpu"));
        return cores.multiply(BigDecimal.valueOf(1000)).intValue();
    }
}
