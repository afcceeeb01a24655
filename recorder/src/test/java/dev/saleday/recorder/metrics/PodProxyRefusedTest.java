package dev.saleday.recorder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.saleday.plan.Observe;
import dev.saleday.records.PodMetricsFile;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API server that lets saleday list the pods but refuses {@code get pods/proxy}, answering as Kubernetes' RBAC
 * authorizer does (403 and a Status naming the verb and the subresource), over real HTTP on loopback. The embedded
 * cluster does not enforce RBAC, so the refusal is played by this server. Every scrape is one failure line naming
 * the missing right, and closing the scraper throws nothing.
 */
class PodProxyRefusedTest {

    @TempDir
    Path runDir;

    @Test
    void aRefusedPodProxyIsAFailureLineNamingTheRight() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path);
            if (path.equals("/apis/apps/v1/namespaces/shop/deployments/recommendation")) {
                send(exchange, 200, """
                        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"recommendation",
                         "namespace":"shop"},"spec":{"selector":{"matchLabels":{"app":"recommendation"}},
                         "template":{"metadata":{"labels":{"app":"recommendation"}},"spec":{"containers":[]}}}}""");
            } else if (path.equals("/api/v1/namespaces/shop/pods")) {
                send(exchange, 200, """
                        {"apiVersion":"v1","kind":"PodList","metadata":{},"items":[{"metadata":{"name":"reco-a",
                         "namespace":"shop","labels":{"app":"recommendation"}},"status":{"podIP":"10.0.0.7"}}]}""");
            } else if (path.startsWith("/api/v1/namespaces/shop/pods/reco-a:8080/proxy")) {
                send(exchange, 403, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"reco-a\
                        :8080\\" is forbidden: User \\"system:serviceaccount:shop:saleday\\" cannot get resource \
                        \\"pods/proxy\\" in API group \\"\\" in the namespace \\"shop\\"","reason":"Forbidden",\
                        "details":{"name":"reco-a:8080","kind":"pods"},"code":403}""");
            } else {
                send(exchange, 404, "{\"kind\":\"Status\",\"code\":404}");
            }
        });
        server.start();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort()).withRequestRetryBackoffLimit(0)
                .build()).build()) {
            PodMetricsScraper scraper = PodMetricsScraper.start(client, "shop", "recommendation",
                    new Observe("8080", "/metrics", Duration.ofSeconds(60), null, Map.of()), runDir,
                    System.currentTimeMillis());
            scraper.close(); // round 0 at start, one more at close
        } finally {
            server.stop(0);
        }
        PodMetricsFile.Contents contents = PodMetricsFile.read(runDir.resolve(PodMetricsFile.FILE_NAME));
        assertThat(asked).contains("/api/v1/namespaces/shop/pods/reco-a:8080/proxy/metrics");
        assertThat(contents.scrapes()).isEmpty();
        assertThat(contents.failures()).hasSize(2).allSatisfy(failure -> {
            assertThat(failure.source()).isEqualTo("pod");
            assertThat(failure.target()).isEqualTo("reco-a");
            assertThat(failure.reason()).isEqualTo("the API server refused 'get pods/proxy' (RBAC): grant it to"
                    + " saleday's Role (k8s/rbac) to see the pods' metrics");
        });
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.replace("\n", "").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
