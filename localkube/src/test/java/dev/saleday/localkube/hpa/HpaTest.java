package dev.saleday.localkube.hpa;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ControlPlane.class)
class HpaTest {

    @Test
    void scalesUpThroughTheScaleSubresourceAndReportsStatus(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("hpa");
        client.resource(webAt50PercentCpu(cluster, ns).editSpec()
                .withNewBehavior().withNewScaleDown().withStabilizationWindowSeconds(0).endScaleDown().endBehavior()
                .endSpec().build()).create();

        // 2 pods at 150m of a 100m request = 150 % vs 50 %: ceil(2 * 3) = 6, capped at max 5
        cluster.metrics().setEveryPod(ns, 150);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas())
                        .isEqualTo(5));
        HorizontalPodAutoscaler hpa = await().atMost(Duration.ofSeconds(10)).until(() -> client.autoscaling().v2()
                .horizontalPodAutoscalers().inNamespace(ns).withName("web").get(), h -> h.getStatus() != null
                && h.getStatus().getDesiredReplicas() != null && h.getStatus().getDesiredReplicas() == 5);
        assertThat(hpa.getStatus().getLastScaleTime()).isNotNull();
        assertThat(hpa.getStatus().getCurrentMetrics().get(0).getResource().getCurrent().getAverageUtilization())
                .isEqualTo(150);
        assertThat(hpa.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
                .contains("AbleToScale=True", "ScalingActive=True");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns)
                .list().getItems()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("SuccessfulRescale")));

        // idle: back down to min
        cluster.metrics().setEveryPod(ns, 5);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas())
                        .isEqualTo(2));
    }

    /**
     * Kubernetes' reconcileAutoscaler brings replicas below minReplicas (or above maxReplicas) to the bound before it
     * reads a metric: a raised minimum takes effect while no pod has a CPU reading (pods starting, a kubelet behind).
     */
    @Test
    void aMinimumAboveTheReplicasAppliesWithoutAnyMetricAndAMaximumBelowThemToo(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("hpa-bounds");
        // no CPU reading for any pod of this namespace: the HPA cannot compute a recommendation
        client.resource(webAt50PercentCpu(cluster, ns).build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> hasCondition(client, ns, "ScalingActive", "False"));

        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("web")
                .edit(h -> new HorizontalPodAutoscalerBuilder(h).editSpec().withMinReplicas(4).endSpec().build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas())
                        .isEqualTo(4));
        HorizontalPodAutoscaler raised = await().atMost(Duration.ofSeconds(10)).until(() -> client.autoscaling().v2()
                .horizontalPodAutoscalers().inNamespace(ns).withName("web").get(), h -> h.getStatus() != null
                && Integer.valueOf(4).equals(h.getStatus().getDesiredReplicas()));
        assertThat(raised.getStatus().getLastScaleTime()).isNotNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns)
                .list().getItems()).anySatisfy(e -> assertThat(e.getMessage())
                .isEqualTo("New size: 4; reason: Current number of replicas below Spec.MinReplicas")));

        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("web")
                .edit(h -> new HorizontalPodAutoscalerBuilder(h).editSpec().withMinReplicas(1).withMaxReplicas(3)
                        .endSpec().build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas())
                        .isEqualTo(3));
    }

    private static boolean hasCondition(KubernetesClient client, String ns, String type, String status) {
        HorizontalPodAutoscaler hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns)
                .withName("web").get();
        return hpa.getStatus() != null && hpa.getStatus().getConditions() != null && hpa.getStatus().getConditions()
                .stream().anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
    }

    /** A Deployment "web" of 2 ready pods in {@code ns}, and an HPA for it: 2-5 replicas at 50 % CPU, not created. */
    private static HorizontalPodAutoscalerBuilder webAt50PercentCpu(ControlPlane cluster, String ns) {
        cluster.client().resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("web").withNamespace(ns)
                .endMetadata().withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("web").endScaleTargetRef()
                .withMinReplicas(2).withMaxReplicas(5)
                .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(50).endTarget().endResource().endMetric()
                .endSpec();
    }
}
