package dev.saleday.localkube.gc;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ControlPlane.class)
class GarbageCollectionTest {

    @Test
    void deletingADeploymentCascadesToReplicaSetsAndPods(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("gc");
        client.resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));

        client.apps().deployments().inNamespace(ns).withName("web").withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        });
    }

    /**
     * Repeated: the garbage collector's caches race the orphaning (CI once saw the ReplicaSet collected). The orphans
     * must outlast the collector's later passes, not only the moment after the delete: their objects are touched
     * (so the collector looks at them again) and a second Deployment is deleted with background propagation after
     * them; once the collector has taken that one's ReplicaSet and pods, the orphans must still be there.
     */
    @RepeatedTest(4)
    void orphanPropagationKeepsTheDependents(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("gc-orphan");
        client.resource(Objects.deployment(ns, "web", 1, "saleday/recommendation:v1")).create();
        client.resource(Objects.deployment(ns, "gone", 1, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        cluster.kube().awaitDeploymentReady(ns, "gone", Duration.ofSeconds(20));
        String webRs = replicaSetOf(client, ns, "web");
        String webPod = podOf(client, ns, webRs);

        client.apps().deployments().inNamespace(ns).withName("web").withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();
        var rs = client.apps().replicaSets().inNamespace(ns).withName(webRs).get();
        assertThat(rs).isNotNull();
        assertThat(rs.getMetadata().getOwnerReferences()).isNullOrEmpty();

        // the collector sees the orphans again (an update queues them), then collects another owner's dependents
        client.apps().replicaSets().inNamespace(ns).withName(webRs).edit(r -> {
            r.getMetadata().getLabels().put("touched", "yes");
            return r;
        });
        client.pods().inNamespace(ns).withName(webPod).edit(p -> {
            p.getMetadata().getLabels().put("touched", "yes");
            return p;
        });
        String goneRs = replicaSetOf(client, ns, "gone");
        client.apps().deployments().inNamespace(ns).withName("gone").withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.apps().replicaSets().inNamespace(ns).withName(goneRs).get()).isNull();
            assertThat(client.pods().inNamespace(ns).list().getItems())
                    .noneMatch(p -> p.getMetadata().getName().startsWith(goneRs));
        });

        assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems())
                .extracting(r -> r.getMetadata().getName()).containsExactly(webRs);
        assertThat(client.apps().replicaSets().inNamespace(ns).withName(webRs).get().getMetadata()
                .getOwnerReferences()).isNullOrEmpty();
        assertThat(client.pods().inNamespace(ns).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly(webPod);
    }

    private static String replicaSetOf(KubernetesClient client, String ns, String deployment) {
        return client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(r -> r.getMetadata().getOwnerReferences() != null && r.getMetadata().getOwnerReferences()
                        .stream().anyMatch(o -> deployment.equals(o.getName())))
                .findFirst().orElseThrow().getMetadata().getName();
    }

    private static String podOf(KubernetesClient client, String ns, String replicaSet) {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences()
                        .stream().anyMatch(o -> replicaSet.equals(o.getName())))
                .findFirst().orElseThrow().getMetadata().getName();
    }
}
