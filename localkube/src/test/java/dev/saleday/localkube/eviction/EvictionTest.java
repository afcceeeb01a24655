package dev.saleday.localkube.eviction;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ControlPlane.class)
class EvictionTest {

    @Test
    void evictionStopsAtThePodDisruptionBudgetWith429(ControlPlane cluster) throws Exception {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("evict");
        // three bare pods on the fake kubelet's nodes: no controller replaces an evicted one
        for (String name : new String[] {"p1", "p2", "p3"}) {
            client.resource(new PodBuilder(Objects.pod(ns, name, Map.of("app", "bare"))).editSpec()
                    .withNodeName("local-node-a").endSpec().build()).create();
        }
        client.resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("bare").withNamespace(ns).endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(2)).withNewSelector().addToMatchLabels("app", "bare")
                .endSelector().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace(ns).list().getItems().stream()
                .allMatch(dev.saleday.localkube.controllers.Pods::isReady));

        // the first eviction leaves 2 healthy pods: allowed, and the pod terminates gracefully
        assertThat(client.pods().inNamespace(ns).withName("p1").evict()).isTrue();
        Pod evicted = client.pods().inNamespace(ns).withName("p1").get();
        assertThat(evicted == null || evicted.getMetadata().getDeletionTimestamp() != null).isTrue();

        // the second would leave 1: refused with 429 naming the budget
        assertThat(client.pods().inNamespace(ns).withName("p2").evict()).isFalse();
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        cluster.kube().apiUrl() + "/api/v1/namespaces/" + ns + "/pods/p2/eviction"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                        + "\"metadata\":{\"name\":\"p2\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(raw.body()).contains("DisruptionBudget", "needs 2 healthy pods and has 2 currently");
        assertThat(client.pods().inNamespace(ns).withName("p2").get().getMetadata().getDeletionTimestamp()).isNull();
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Evicted"));
    }

    @Test
    void aDeploymentPodWithoutBudgetIsEvictedAndReplaced(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("evict-free");
        client.resource(Objects.deployment(ns, "web", 1, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        String pod = client.pods().inNamespace(ns).list().getItems().get(0).getMetadata().getName();
        assertThat(client.pods().inNamespace(ns).withName(pod).evict()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace(ns).list().getItems().stream()
                .anyMatch(p -> !p.getMetadata().getName().equals(pod)));
    }
}
