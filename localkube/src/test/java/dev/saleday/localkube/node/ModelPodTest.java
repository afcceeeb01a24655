package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real model jar as a pod, configured as k8s/base configures it: image tag, Secret, downward API, probes. */
@ExtendWith(SharedNodeCluster.class)
class ModelPodTest {

    @Test
    void theModelJarServesAsAPodOnItsOwnAddress() throws Exception {
        KubernetesClient client = SharedNodeCluster.get().client();
        ModelPods.createSecret(client);
        long createdNanos = System.nanoTime();
        client.pods().resource(ModelPods.modelPod("model-1", "local-node-a", "v1.1")).create();
        Pod ready = await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().withName("model-1").get(),
                TestPods::isReady);
        System.out.printf("model pod: created -> Ready in %d ms%n", (System.nanoTime() - createdNanos) / 1_000_000);

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + ready.getStatus().getPodIP() + ":8080/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("X-Pod-Name")).hasValue("model-1");
        assertThat(health.headers().firstValue("X-Model-Version")).hasValue("v1.1");

        long deletedNanos = System.nanoTime();
        client.pods().withName("model-1").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().withName("model-1").get() == null);
        Duration took = Duration.ofNanos(System.nanoTime() - deletedNanos);
        // preStop sleeps 2 s before SIGTERM; the model then drains and exits well within the 15 s grace period
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(15));
    }
}
