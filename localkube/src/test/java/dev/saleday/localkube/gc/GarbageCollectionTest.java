package dev.saleday.localkube.gc;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
     * Foreground, as the garbage collector does it: the Deployment stays (deletionTimestamp, finalizer
     * {@code foregroundDeletion}) while its ReplicaSet, itself deleted in the foreground, waits for its pods; the
     * order of the DELETED events (by resourceVersion) is pods, then the ReplicaSet, then the Deployment.
     */
    @Test
    void foregroundDeletionRemovesTheOwnerAfterItsDependents(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("gc-foreground");
        client.resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        String rsName = replicaSetOf(client, ns, "web");
        Map<String, Long> deletedAt = new ConcurrentHashMap<>();
        Set<String> seenWithFinalizer = ConcurrentHashMap.newKeySet();
        List<SharedIndexInformer<? extends HasMetadata>> informers = List.of(
                client.pods().inNamespace(ns).inform(recorder("Pod", deletedAt, seenWithFinalizer)),
                client.apps().replicaSets().inNamespace(ns).inform(recorder("ReplicaSet", deletedAt, seenWithFinalizer)),
                client.apps().deployments().inNamespace(ns).inform(recorder("Deployment", deletedAt, seenWithFinalizer)));
        try {
            client.apps().deployments().inNamespace(ns).withName("web")
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
            var marked = client.apps().deployments().inNamespace(ns).withName("web").get();
            assertThat(marked).as("the owner stays while its dependents go").isNotNull();
            assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(marked.getMetadata().getFinalizers()).contains("foregroundDeletion");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(client.apps().deployments().inNamespace(ns).withName("web").get())
                        .as("the Deployment still there; its ReplicaSets %s, pods %s, deleted %s",
                                client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                                        .map(r -> r.getMetadata().getName() + " " + r.getMetadata().getFinalizers()
                                                + " " + r.getMetadata().getDeletionTimestamp()).toList(),
                                client.pods().inNamespace(ns).list().getItems().stream()
                                        .map(p -> p.getMetadata().getName() + " " + p.getSpec().getNodeName() + " "
                                                + p.getMetadata().getDeletionTimestamp()).toList(), deletedAt)
                        .isNull();
                assertThat(deletedAt).containsKeys("Deployment/web", "ReplicaSet/" + rsName);
            });
        } finally {
            informers.forEach(SharedIndexInformer::close);
        }
        assertThat(seenWithFinalizer).contains("Deployment/web", "ReplicaSet/" + rsName);
        long lastPod = deletedAt.entrySet().stream().filter(e -> e.getKey().startsWith("Pod/"))
                .mapToLong(Map.Entry::getValue).max().orElseThrow(() -> new AssertionError("no pod deleted: " + deletedAt));
        assertThat(deletedAt.keySet().stream().filter(k -> k.startsWith("Pod/"))).hasSize(2);
        assertThat(deletedAt.get("ReplicaSet/" + rsName)).as("the ReplicaSet after its pods: " + deletedAt)
                .isGreaterThan(lastPod);
        assertThat(deletedAt.get("Deployment/web")).as("the Deployment after its ReplicaSet: " + deletedAt)
                .isGreaterThan(deletedAt.get("ReplicaSet/" + rsName));
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> recorder(String kind, Map<String, Long> deletedAt,
                                                                           Set<String> seenWithFinalizer) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onUpdate(obj, obj);
            }

            @Override
            public void onUpdate(T oldObj, T obj) {
                if (obj.getMetadata().getFinalizers() != null
                        && obj.getMetadata().getFinalizers().contains("foregroundDeletion")) {
                    seenWithFinalizer.add(kind + "/" + obj.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                deletedAt.put(kind + "/" + obj.getMetadata().getName(),
                        Long.parseLong(obj.getMetadata().getResourceVersion()));
            }
        };
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
