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

    /** Repeated: the garbage collector's caches race the orphaning (CI once saw the ReplicaSet collected). */
    @RepeatedTest(4)
    void orphanPropagationKeepsTheDependents(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("gc-orphan");
        client.resource(Objects.deployment(ns, "web", 1, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));

        client.apps().deployments().inNamespace(ns).withName("web").withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();

        var rs = client.apps().replicaSets().inNamespace(ns).list().getItems();
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(1);
    }
}
