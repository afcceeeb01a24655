package dev.saleday.localkube.deployments;

import dev.saleday.localkube.controllers.DeploymentController;
import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Deployment scaled while a release is stuck half way (its new pods ask for more CPU than any node has, so they stay
 * Pending): the change is shared between the old and the new ReplicaSet in proportion to their sizes, as
 * kube-controller-manager does it (the example of Kubernetes' Deployment documentation, "Proportional scaling":
 * 10 replicas, maxSurge 3, maxUnavailable 2, old 8 and new 5 when scaled to 15 become 11 and 7).
 */
@ExtendWith(ControlPlane.class)
class ProportionalScalingTest {

    @Test
    void aScaleDuringAStuckRolloutIsSharedInProportion(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("proportional");
        client.resource(Objects.rolling(Objects.deployment(ns, "web", 10, "saleday/recommendation:v1"), 3, 2))
                .create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(30));
        String oldRs = client.apps().replicaSets().inNamespace(ns).list().getItems().get(0).getMetadata().getName();

        // a release whose pods fit no node (50 CPUs against 4 per node): the rollout stops at old 8 + new 5
        client.apps().deployments().inNamespace(ns).withName("web").edit(d -> new DeploymentBuilder(d).editSpec()
                .editTemplate().editSpec().editContainer(0).withImage("saleday/recommendation:v2")
                .editResources().addToRequests("cpu", new Quantity("50")).endResources().endContainer()
                .endSpec().endTemplate().endSpec().build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sizes(client, ns, oldRs)).containsExactly(8, 5));

        // the HPA writes through the scale subresource
        client.apps().deployments().inNamespace(ns).withName("web").scale(15);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sizes(client, ns, oldRs)).containsExactly(11, 7);
            assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).allSatisfy(rs -> assertThat(
                    rs.getMetadata().getAnnotations())
                    .containsEntry(DeploymentController.DESIRED_REPLICAS, "15")
                    .containsEntry(DeploymentController.MAX_REPLICAS, "18"));
        });
        String newRs = client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .map(rs -> rs.getMetadata().getName()).filter(n -> !n.equals(oldRs)).findFirst().orElseThrow();

        // and back down to 5: 8 allowed (5 + maxSurge 3) of 18, largest first: old 11 -> 5, new 7 -> 3
        client.apps().deployments().inNamespace(ns).withName("web").scale(5);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(scalingMessages(client, ns))
                .contains("Scaled up replica set " + oldRs + " from 8 to 11",
                        "Scaled up replica set " + newRs + " from 5 to 7",
                        "Scaled down replica set " + oldRs + " from 11 to 5",
                        "Scaled down replica set " + newRs + " from 7 to 3"));
        assertThat(scalingMessages(client, ns)).as("the new ReplicaSet never took the whole scale-up")
                .noneMatch(m -> m.startsWith("Scaled up replica set " + newRs + " from 5 to 1"));
    }

    /** spec.replicas of the old ReplicaSet, then of the new one. */
    private static List<Integer> sizes(KubernetesClient client, String ns, String oldRs) {
        List<ReplicaSet> all = client.apps().replicaSets().inNamespace(ns).list().getItems();
        assertThat(all).hasSize(2);
        ReplicaSet old = all.stream().filter(rs -> rs.getMetadata().getName().equals(oldRs)).findFirst().orElseThrow();
        ReplicaSet current = all.stream().filter(rs -> rs != old).findFirst().orElseThrow();
        return List.of(old.getSpec().getReplicas(), current.getSpec().getReplicas());
    }

    private static List<String> scalingMessages(KubernetesClient client, String ns) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "ScalingReplicaSet".equals(e.getReason())).map(Event::getMessage).toList();
    }
}
