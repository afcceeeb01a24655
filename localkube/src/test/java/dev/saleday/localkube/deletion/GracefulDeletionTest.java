package dev.saleday.localkube.deletion;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ControlPlane.class)
class GracefulDeletionTest {

    @Test
    void aScheduledPodIsMarkedTerminatingUntilItsKubeletDeletesItWithGraceZero(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("grace");
        // scheduled by hand to a node no kubelet watches in this test: nobody finishes the deletion for us
        Pod pod = new PodBuilder(Objects.pod(ns, "p", Map.of("app", "x"))).editSpec().withNodeName("nowhere")
                .withTerminationGracePeriodSeconds(45L).endSpec().build();
        client.resource(pod).create();
        Instant before = Instant.now().minusSeconds(1);

        client.pods().inNamespace(ns).withName("p").delete();

        Pod terminating = client.pods().inNamespace(ns).withName("p").get();
        assertThat(terminating).isNotNull();
        assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(45L);
        assertThat(Instant.parse(terminating.getMetadata().getDeletionTimestamp()))
                .isBetween(before.plusSeconds(44), Instant.now().plusSeconds(46));

        // a shorter grace period shortens it; grace 0 (what the kubelet sends when the process is gone) removes it
        client.pods().inNamespace(ns).withName("p").withGracePeriod(5).delete();
        assertThat(client.pods().inNamespace(ns).withName("p").get().getMetadata().getDeletionGracePeriodSeconds())
                .isEqualTo(5L);
        client.pods().inNamespace(ns).withName("p").withGracePeriod(0).delete();
        assertThat(client.pods().inNamespace(ns).withName("p").get()).isNull();
    }

    @Test
    void anUnscheduledPodGoesAtOnce(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("grace-now");
        client.resource(Objects.pod(ns, "p", Map.of())).create();
        client.pods().inNamespace(ns).withName("p").delete();
        assertThat(client.pods().inNamespace(ns).withName("p").get()).isNull();
    }

    @Test
    void replicaSetPodsTerminateGracefullyAndAreReplaced(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("grace-rs");
        client.resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        String victim = client.pods().inNamespace(ns).list().getItems().get(0).getMetadata().getName();

        client.pods().inNamespace(ns).withName(victim).delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(ns).withName(victim).get()).isNull();
            assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(2);
        });
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
    }
}
