package dev.saleday.localkube.hpa;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRulesBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HPA's behavior end to end on the embedded control plane (1 s sync, CPU from {@code FakeMetrics}, which keeps
 * when the autoscaler read it): the scale-down stabilization window, and the scaling policies' selectPolicy Min and
 * Disabled. Expectations follow Kubernetes' own controller, pkg/controller/podautoscaler/horizontal.go in
 * kubernetes/kubernetes: stabilizeRecommendationWithBehaviors (scale down to the highest recommendation made within
 * the last stabilizationWindowSeconds), calculateScaleUpLimitWithScalingRules and
 * calculateScaleDownLimitWithBehaviors (Max/Min pick the policy allowing the most/least change; Disabled allows none
 * in that direction), as documented in "Horizontal Pod Autoscaling" (kubernetes.io, sections "Stabilization window"
 * and "Scaling policies").
 */
@ExtendWith(ControlPlane.class)
class HpaScalingRulesTest {

    /**
     * A scale-down waits until every recommendation of the last window is low: the last evaluation that saw high CPU
     * (its read, kept by FakeMetrics) is at least the window before the scale-down, however late each sync runs.
     */
    @Test
    void scaleDownWaitsOutTheStabilizationWindowAfterTheLastHighRecommendation(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("hpa-window");
        long windowMillis = 4000;
        deploymentWithHpa(cluster, ns, 2, 2, 5, null, new HPAScalingRulesBuilder()
                .withStabilizationWindowSeconds((int) (windowMillis / 1000)).build());
        cluster.metrics().setEveryPod(ns, 150);
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas(client, ns) == 5);

        cluster.metrics().setEveryPod(ns, 5);
        AtomicBoolean sawStabilized = new AtomicBoolean();
        AtomicLong downSeenMs = new AtomicLong();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (hasCondition(hpa(client, ns), "AbleToScale", "ScaleDownStabilized")) {
                sawStabilized.set(true);
            }
            if (replicas(client, ns) == 2) {
                downSeenMs.set(System.currentTimeMillis());
                return true;
            }
            return false;
        });
        long lastHighReadMs = cluster.metrics().lastReadOf(ns, 150);
        // every pod's CPU is read just after the evaluation takes its clock: allow that span (well under 500 ms)
        assertThat(downSeenMs.get() - lastHighReadMs).as("ms from the last high recommendation to the scale-down")
                .isGreaterThanOrEqualTo(windowMillis - 500);
        assertThat(sawStabilized).as("the HPA said it held the scale-down meanwhile (AbleToScale=ScaleDownStabilized)")
                .isTrue();
    }

    /**
     * selectPolicy Min: of "1 pod per 60 s" and "100 % per 60 s" the one allowing the smaller change wins, so 2
     * pods wanting 6 get 3 (Max would give 4), and no more within the period, while the HPA keeps evaluating.
     */
    @Test
    void selectPolicyMinTakesThePolicyAllowingTheSmallestScaleUp(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("hpa-min");
        deploymentWithHpa(cluster, ns, 2, 1, 10, new HPAScalingRulesBuilder().withSelectPolicy("Min")
                .addNewPolicy().withType("Pods").withValue(1).withPeriodSeconds(60).endPolicy()
                .addNewPolicy().withType("Percent").withValue(100).withPeriodSeconds(60).endPolicy().build(), null);
        cluster.metrics().setEveryPod(ns, 150); // 150 % of the request vs 50 %: 2 pods want ceil(2 x 3) = 6

        await().atMost(Duration.ofSeconds(20)).until(() -> replicas(client, ns) == 3);
        long reachedMs = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.metrics().readSpanMillis(ns, reachedMs) >= 3000);
        assertThat(replicas(client, ns)).isEqualTo(3);
        HorizontalPodAutoscaler hpa = hpa(client, ns);
        assertThat(hpa.getStatus().getDesiredReplicas()).isEqualTo(3);
        assertThat(hasCondition(hpa, "ScalingLimited", "ScaleUpLimit")).as(hpa.getStatus().toString()).isTrue();
    }

    /** selectPolicy Disabled on scale-down: idle pods stay, evaluation after evaluation. */
    @Test
    void selectPolicyDisabledNeverScalesDown(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("hpa-disabled");
        deploymentWithHpa(cluster, ns, 4, 1, 10, null, new HPAScalingRulesBuilder().withSelectPolicy("Disabled")
                .withStabilizationWindowSeconds(0).build());
        cluster.metrics().setEveryPod(ns, 5); // 5 % vs 50 %: 4 pods want 1

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HorizontalPodAutoscaler hpa = hpa(client, ns);
            return hpa.getStatus() != null && hpa.getStatus().getCurrentMetrics() != null
                    && !hpa.getStatus().getCurrentMetrics().isEmpty() && hpa.getStatus().getCurrentMetrics().get(0)
                    .getResource().getCurrent().getAverageUtilization() == 5;
        });
        long sawLowMs = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.metrics().readSpanMillis(ns, sawLowMs) >= 3000);
        assertThat(replicas(client, ns)).isEqualTo(4);
        HorizontalPodAutoscaler hpa = hpa(client, ns);
        assertThat(hpa.getStatus().getDesiredReplicas()).isEqualTo(4);
        assertThat(hasCondition(hpa, "ScalingLimited", "ScaleDownLimit")).as(hpa.getStatus().toString()).isTrue();
    }

    static void deploymentWithHpa(ControlPlane cluster, String ns, int replicas, int min, int max,
                                  HPAScalingRules scaleUp, HPAScalingRules scaleDown) {
        KubernetesClient client = cluster.client();
        client.resource(Objects.deployment(ns, "web", replicas, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        client.resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("web").withNamespace(ns)
                .endMetadata().withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("web").endScaleTargetRef()
                .withMinReplicas(min).withMaxReplicas(max)
                .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(50).endTarget().endResource().endMetric()
                .withNewBehavior().withScaleUp(scaleUp).withScaleDown(scaleDown).endBehavior()
                .endSpec().build()).create();
    }

    static int replicas(KubernetesClient client, String ns) {
        return client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas();
    }

    static HorizontalPodAutoscaler hpa(KubernetesClient client, String ns) {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("web").get();
    }

    static boolean hasCondition(HorizontalPodAutoscaler hpa, String type, String reason) {
        return hasConditionStatus(hpa, type, "True", reason);
    }

    static boolean hasConditionStatus(HorizontalPodAutoscaler hpa, String type, String status, String reason) {
        if (hpa == null || hpa.getStatus() == null || hpa.getStatus().getConditions() == null) {
            return false;
        }
        for (HorizontalPodAutoscalerCondition c : hpa.getStatus().getConditions()) {
            if (type.equals(c.getType()) && reason.equals(c.getReason()) && status.equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }
}
