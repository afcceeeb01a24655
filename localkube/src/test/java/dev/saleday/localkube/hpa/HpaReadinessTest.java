package dev.saleday.localkube.hpa;

import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import dev.saleday.localkube.controllers.Pods;
import dev.saleday.localkube.testing.FakeKubelet;
import dev.saleday.localkube.testing.FakeMetrics;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The autoscaler sets aside the CPU of pods not ready for long enough, end to end on an embedded control plane
 * whose metrics window is 5 s (so "ready for less than the window" lasts long enough to watch). Kubernetes' rule,
 * pkg/controller/podautoscaler/replica_calculator.go in kubernetes/kubernetes (groupPods): within the CPU
 * initialisation period (5 min from the pod's start) a pod is unready when it is not Ready or when its metric
 * window began before it became Ready; calcPlainMetricReplicas then leaves unready pods out, except that when the
 * ready pods say scale up, each unready pod counts with 0 % use, and when that flips the direction the current
 * count stays ("Horizontal Pod Autoscaling", kubernetes.io, "Algorithm details").
 */
class HpaReadinessTest {

    private static final Duration WINDOW = Duration.ofSeconds(5);

    @Test
    void podsReadyForLessThanTheMetricsWindowAreSetAsideAndCountAsIdleWhenScalingUp() {
        FakeMetrics metrics = new FakeMetrics();
        try (LocalKube kube = LocalKube.start(LocalKubeConfig.defaults().withHpaSyncPeriod(Duration.ofSeconds(1))
                .withHpaMetricsWindow(WINDOW).controlPlaneOnly(metrics));
             FakeKubelet kubelet = new FakeKubelet(kube.client(), Duration.ofMillis(300), Duration.ofMillis(200))) {
            KubernetesClient client = kube.client();
            String ns = "hpa-ready";
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
            metrics.setEveryPod(ns, 100); // 100m of a 100m request: 100 %, twice the 50 % target, from the start
            client.resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
            client.resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("web").withNamespace(ns)
                    .endMetadata().withNewSpec()
                    .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("web")
                    .endScaleTargetRef()
                    .withMinReplicas(1).withMaxReplicas(10)
                    .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                    .withType("Utilization").withAverageUtilization(50).endTarget().endResource().endMetric()
                    // scale up as fast as the recommendation says (the default would cap 4 -> 6 within 15 s)
                    .withNewBehavior().withNewScaleUp().addNewPolicy().withType("Pods").withValue(10)
                    .withPeriodSeconds(1).endPolicy().endScaleUp()
                    // and down at once, so that a scale-down would show
                    .withNewScaleDown().withStabilizationWindowSeconds(0).endScaleDown().endBehavior()
                    .endSpec().build()).create();

            // 1. Both pods are young: none counts, so the HPA has no metric of a ready pod and does not scale.
            List<Pod> first = readyPods(client, ns, 2);
            AtomicBoolean sawSetAside = new AtomicBoolean();
            long fourSeenMs = awaitReplicas(client, ns, 4, () -> {
                HorizontalPodAutoscaler hpa = HpaScalingRulesTest.hpa(client, ns);
                if (HpaScalingRulesTest.hasConditionStatus(hpa, "ScalingActive", "False", "FailedGetResourceMetric")) {
                    sawSetAside.set(true);
                }
            });
            assertThat(sawSetAside).as("the HPA said it had no ready pod to measure").isTrue();
            assertThat(fourSeenMs).as("scaled to 4 only once both pods were ready for a whole window")
                    .isGreaterThanOrEqualTo(latestReadySinceMs(first) + WINDOW.toMillis());

            // 2. At 75m (150 %, 1.5 times the target) the two settled pods alone would make ceil(1.5 x 2) = 3, a
            // scale-down, and all four counted as measured ceil(1.5 x 4) = 6. But the ready pods say "scale up", so
            // the two young ones count with 0 %: (75 + 75 + 0 + 0) m over 4 x 100 m = 37.5 %, under the target,
            // which flips the direction: Kubernetes then keeps the current 4, until the young pods have been ready
            // for a window; then all four at 150 % want 6.
            metrics.setEveryPod(ns, 75);
            Set<String> firstNames = Set.copyOf(first.stream().map(p -> p.getMetadata().getName()).toList());
            AtomicBoolean sawHeld = new AtomicBoolean();
            AtomicLong fewestReplicas = new AtomicLong(Long.MAX_VALUE);
            Runnable watch = () -> {
                HorizontalPodAutoscaler hpa = HpaScalingRulesTest.hpa(client, ns);
                if (hpa != null && hpa.getStatus() != null && hpa.getStatus().getDesiredReplicas() != null
                        && hpa.getStatus().getDesiredReplicas() == 4 && hpa.getStatus().getCurrentMetrics() != null
                        && !hpa.getStatus().getCurrentMetrics().isEmpty() && Integer.valueOf(75).equals(hpa
                        .getStatus().getCurrentMetrics().get(0).getResource().getCurrent().getAverageUtilization())) {
                    sawHeld.set(true);
                }
                fewestReplicas.accumulateAndGet(HpaScalingRulesTest.replicas(client, ns), Math::min);
            };
            List<Pod> added = readyPods(client, ns, 4).stream()
                    .filter(p -> !firstNames.contains(p.getMetadata().getName())).toList();
            assertThat(added).hasSize(2);
            long sixSeenMs = awaitReplicas(client, ns, 6, watch);
            assertThat(sawHeld).as("the HPA measured 75 % on the settled pods and still wanted 4").isTrue();
            assertThat(fewestReplicas.get()).as("never scaled down meanwhile").isEqualTo(4);
            assertThat(sixSeenMs).as("scaled to 6 only once the new pods were ready for a whole window")
                    .isGreaterThanOrEqualTo(latestReadySinceMs(added) + WINDOW.toMillis());
        }
    }

    private static long awaitReplicas(KubernetesClient client, String ns, int replicas, Runnable meanwhile) {
        AtomicLong seenMs = new AtomicLong();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() -> {
            meanwhile.run();
            var d = client.apps().deployments().inNamespace(ns).withName("web").get();
            if (d != null && d.getSpec().getReplicas() == replicas) {
                seenMs.set(System.currentTimeMillis());
                return true;
            }
            return false;
        });
        return seenMs.get();
    }

    /** Waits until {@code count} pods are Ready and returns them. */
    private static List<Pod> readyPods(KubernetesClient client, String ns, int count) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.pods().inNamespace(ns).list().getItems().stream().filter(Pods::isReady).toList(),
                        pods -> pods.size() == count);
    }

    /** The Ready condition's transition time (whole seconds, as the autoscaler reads it) of the last pod to be ready. */
    private static long latestReadySinceMs(List<Pod> pods) {
        return pods.stream().map(p -> Pods.readySince(p).orElseThrow()).mapToLong(Instant::toEpochMilli).max()
                .orElseThrow();
    }
}
