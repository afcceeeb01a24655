package dev.saleday.localkube.api;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The API server's outage switch ({@code api-outage}): refusals, closed watches, resumption, its own end. */
class ApiOutageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anOutageRefusesEveryRequestClosesWatchesAndEndsWithWatchesResumed() throws Exception {
        try (ApiServer server = ApiServer.start(0, PodLogs.NONE, Clock.systemUTC(), Duration.ofHours(1));
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                     .withMasterUrl(server.url()).withRequestRetryBackoffLimit(0).build()).build()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata()
                    .build()).create();
            List<String> seen = new CopyOnWriteArrayList<>();
            SharedIndexInformer<Pod> informer = client.pods().inNamespace("shop").inform(new ResourceEventHandler<>() {
                @Override public void onAdd(Pod obj) { seen.add("add " + obj.getMetadata().getName()); }
                @Override public void onUpdate(Pod o, Pod n) { }
                @Override public void onDelete(Pod obj, boolean unknown) { }
            });
            pod(client, "before");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add before"));

            HttpResponse<String> started = control(server, "POST", "?durationMillis=60000&mode=unavailable");
            assertThat(started.statusCode()).isEqualTo(200);
            assertThat(started.body()).contains("\"active\":true", "\"mode\":\"unavailable\"");
            assertThatThrownBy(() -> client.pods().inNamespace("shop").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
            await().atMost(Duration.ofSeconds(10)).until(() -> !informer.isWatching());
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/pods"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
            assertThat(refused.body()).contains("\"reason\":\"ServiceUnavailable\"");

            // throttled: 429 with Retry-After, as API Priority and Fairness answers
            assertThat(control(server, "POST", "?durationMillis=60000&mode=throttled").statusCode()).isEqualTo(200);
            HttpResponse<String> throttled = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                    + "/api/v1/pods")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(control(server, "POST", "?durationMillis=x").statusCode()).isEqualTo(400);

            assertThat(control(server, "DELETE", "").body()).contains("\"active\":false");
            pod(client, "after");
            await().atMost(Duration.ofSeconds(20)).until(() -> informer.isWatching() && seen.contains("add after"));
            assertThat(seen).containsOnlyOnce("add before");

            // an outage ends by itself after its duration
            control(server, "POST", "?durationMillis=300");
            await().atMost(Duration.ofSeconds(5)).until(() -> control(server, "GET", "").body()
                    .contains("\"active\":false"));
            assertThat(client.pods().inNamespace("shop").list().getItems()).hasSize(2);
            informer.close();
        }
    }

    private static void pod(KubernetesClient client, String name) {
        client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("x:1").endContainer().endSpec().build())
                .create();
    }

    private static HttpResponse<String> control(ApiServer server, String method, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + ApiOutage.PATH + query))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
