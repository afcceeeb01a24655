package dev.saleday.localkube.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import dev.saleday.localkube.NodePool;
import dev.saleday.localkube.testing.FakeKubelet;
import dev.saleday.localkube.testing.FakeMetrics;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler honours node capacity and the pool grows as a cluster autoscaler grows it: two nodes of 1 CPU hold
 * two pods of 600m; a third stays Pending with kube-scheduler's condition, event and message, triggers a scale-up,
 * and lands on the node the pool adds after its delay; beyond the pool's maximum, pods stay Pending for good.
 */
class CapacityTest {

    private static final Duration SCALE_UP_DELAY = Duration.ofMillis(1500);
    private static LocalKube kube;
    private static FakeKubelet kubelet;

    @BeforeAll
    static void start() {
        NodePool pool = NodePool.defaults().withCapacity(1000, 2L << 30).withAutoscaling(3, SCALE_UP_DELAY);
        kube = LocalKube.start(LocalKubeConfig.defaults().withNodeNames(List.of("local-node-a", "local-node-b"))
                .withNodePool(pool).controlPlaneOnly(new FakeMetrics()));
        kubelet = new FakeKubelet(kube.client(), Duration.ofMillis(100), Duration.ofMillis(100));
    }

    @AfterAll
    static void stop() {
        kubelet.close();
        kube.close();
    }

    @Test
    void podsBeyondCapacityWaitForTheNodeThePoolAdds() {
        KubernetesClient client = kube.client();
        String ns = "capacity";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        assertThat(client.nodes().withName("local-node-a").get().getStatus().getAllocatable().get("cpu"))
                .isEqualTo(new Quantity("1000m"));
        Deployment web = new DeploymentBuilder(Objects.deployment(ns, "web", 3, "saleday/recommendation:v1"))
                .editSpec().editTemplate().editSpec().editFirstContainer().editResources()
                .addToRequests("cpu", new Quantity("600m")).endResources().endContainer().endSpec().endTemplate()
                .endSpec().build();
        Instant created = Instant.now();
        client.resource(web).create();

        // two fit, one per node; the third is Unschedulable with the scheduler's message
        Pod pending = await().atMost(Duration.ofSeconds(10)).until(() -> unschedulable(client, ns), p -> p.size() == 1)
                .get(0);
        String message = "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: "
                + "2 No preemption victims found for incoming pod.";
        PodCondition scheduled = pending.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElseThrow();
        assertThat(scheduled.getStatus()).isEqualTo("False");
        assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
        assertThat(scheduled.getMessage()).isEqualTo(message);
        assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
        String name = pending.getMetadata().getName();
        await().atMost(Duration.ofSeconds(5)).until(() -> events(client, ns, name).stream().anyMatch(e ->
                "FailedScheduling".equals(e.getReason()) && message.equals(e.getMessage())));
        await().atMost(Duration.ofSeconds(5)).until(() -> events(client, ns, name).stream().anyMatch(e ->
                "TriggeredScaleUp".equals(e.getReason())
                        && "pod triggered scale-up: [{local-node-pool 2->3 (max: 3)}]".equals(e.getMessage())));

        // the pool's node comes after its delay, and the pod goes there
        kube.awaitDeploymentReady(ns, "web", Duration.ofSeconds(15));
        Pod placed = client.pods().inNamespace(ns).withName(name).get();
        assertThat(placed.getSpec().getNodeName()).isEqualTo("local-node-pool-1");
        Instant nodeCreated = Instant.parse(client.nodes().withName("local-node-pool-1").get().getMetadata()
                .getCreationTimestamp());
        assertThat(Duration.between(created, nodeCreated.plusSeconds(1))).isGreaterThanOrEqualTo(SCALE_UP_DELAY);

        // the pool is at its maximum: two more pods stay Pending, told why
        client.apps().deployments().inNamespace(ns).withName("web").scale(5);
        List<Pod> stuck = await().atMost(Duration.ofSeconds(10)).until(() -> unschedulable(client, ns),
                p -> p.size() == 2);
        assertThat(stuck.get(0).getStatus().getConditions()).anyMatch(c -> ("0/3 nodes are available: 3 Insufficient "
                + "cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.")
                .equals(c.getMessage()));
        await().atMost(Duration.ofSeconds(5)).until(() -> events(client, ns, stuck.get(0).getMetadata().getName())
                .stream().anyMatch(e -> "NotTriggerScaleUp".equals(e.getReason())
                        && e.getMessage().contains("max node group size reached")));
        assertThat(client.nodes().list().getItems()).hasSize(3);

        // capacity frees: a pending pod is placed without any node change
        client.apps().deployments().inNamespace(ns).withName("web").scale(3);
        kube.awaitDeploymentReady(ns, "web", Duration.ofSeconds(10));
        Deployment other = new DeploymentBuilder(Objects.deployment(ns, "small", 1, "saleday/recommendation:v1"))
                .editSpec().editTemplate().editSpec().editFirstContainer().editResources()
                .addToRequests("cpu", new Quantity("300m")).endResources().endContainer().endSpec().endTemplate()
                .endSpec().build();
        client.resource(other).create();
        kube.awaitDeploymentReady(ns, "small", Duration.ofSeconds(10));
        assertThat(unschedulable(client, ns)).isEmpty();
    }

    private static List<Pod> unschedulable(KubernetesClient client, String ns) {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec().getNodeName() == null
                        && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason())))
                .toList();
    }

    private static List<Event> events(KubernetesClient client, String ns, String pod) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
    }
}
