package dev.saleday.localkube.deployments;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ControlPlane.class)
class DeploymentTest {

    @Test
    void deploymentCreatesReplicaSetAndReadyPodsOnTheNodes(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("deploy");
        client.resource(Objects.deployment(ns, "web", 3, "saleday/recommendation:v1")).create();

        Deployment ready = cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));

        assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
        assertThat(ready.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
                .contains("Available=True", "Progressing=True");
        List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(ns).list().getItems();
        assertThat(sets).hasSize(1);
        ReplicaSet rs = sets.get(0);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        List<Pod> pods = client.pods().inNamespace(ns).list().getItems();
        assertThat(pods).hasSize(3).allSatisfy(p -> {
            assertThat(p.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(rs.getMetadata().getUid());
            assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
        });
        // spread is by pod count over the whole (shared) cluster: every pod is on one of its nodes
        assertThat(pods).extracting(p -> p.getSpec().getNodeName())
                .allSatisfy(n -> assertThat(n).isIn("local-node-a", "local-node-b", "local-node-c"));
    }

    @Test
    void rollbackToAnOlderTemplateReusesItsReplicaSetWithTheNextRevision(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("rollback");
        client.resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        setImage(client, ns, "saleday/recommendation:v2");
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        setImage(client, ns, "saleday/recommendation:v1");
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));

        List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(ns).list().getItems();
        assertThat(sets).hasSize(2);
        ReplicaSet v1 = sets.stream().filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage().endsWith(":v1")).findFirst().orElseThrow();
        assertThat(v1.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(v1.getSpec().getReplicas()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.pods().inNamespace(ns).list()
                .getItems()).hasSize(2).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
                .endsWith(":v1")));
    }

    @Test
    void recreateScalesTheOldSetToZeroBeforeTheNewOneStarts(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("recreate");
        Deployment d = new DeploymentBuilder(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1"))
                .editSpec().withNewStrategy().withType("Recreate").endStrategy().endSpec().build();
        client.resource(d).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        List<String> overlaps = new java.util.concurrent.CopyOnWriteArrayList<>();
        var watch = client.pods().inNamespace(ns).watch(new io.fabric8.kubernetes.client.Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                List<Pod> pods = client.pods().inNamespace(ns).list().getItems();
                long images = pods.stream().map(p -> p.getSpec().getContainers().get(0).getImage()).distinct().count();
                if (images > 1) {
                    overlaps.add(pods.toString());
                }
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
            }
        });
        setImage(client, ns, "saleday/recommendation:v2");
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        watch.close();
        assertThat(overlaps).isEmpty();
    }

    private static void setImage(KubernetesClient client, String ns, String image) {
        client.apps().deployments().inNamespace(ns).withName("web").edit(d -> new DeploymentBuilder(d).editSpec()
                .editTemplate().editSpec().editContainer(0).withImage(image).endContainer().endSpec().endTemplate()
                .endSpec().build());
    }
}
