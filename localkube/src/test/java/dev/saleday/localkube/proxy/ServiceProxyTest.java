package dev.saleday.localkube.proxy;

import dev.saleday.localkube.node.NodeTestCluster;
import dev.saleday.localkube.node.SharedNodeCluster;
import dev.saleday.localkube.node.TestPods;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Service proxy over real pods (kubelet processes). Endpoints are written by the test, as the endpoints
 * controller would write them, so each case controls exactly which addresses are ready.
 */
@ExtendWith(SharedNodeCluster.class)
class ServiceProxyTest {

    private static NodeTestCluster cluster;
    private static KubernetesClient client;
    private static ServiceProxy proxy;
    private static final Map<String, String> IPS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedNodeCluster.get();
        client = cluster.client();
        // the proxy's mechanics, without kube-proxy's lag and randomness (theirs: lagAndRandomBalancing...)
        proxy = new ServiceProxy(true, ProxySettings.immediateRoundRobin());
        proxy.start(cluster.context());
        for (String name : List.of("web-1", "web-2", "web-3")) {
            client.pods().resource(TestPods.podServer(name, "local-node-a").build()).create();
        }
        for (String name : List.of("web-1", "web-2", "web-3")) {
            Pod pod = await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().withName(name).get(),
                    TestPods::isReady);
            IPS.put(name, pod.getStatus().getPodIP());
        }
        client.services().resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "test")
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build()).create();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        client.services().withName("web").delete();
        client.endpoints().withName("web").delete();
        for (String name : List.of("web-1", "web-2", "web-3")) {
            client.pods().withName(name).withGracePeriod(0).delete();
        }
    }

    @Test
    void roundRobinsConnectionsOverReadyAddressesAndSkipsNotReadyOnes() throws Exception {
        setEndpoints(List.of("web-1", "web-2"), List.of("web-3"));
        URI url = awaitUrl();
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            try (HttpConnection connection = new HttpConnection(url)) {
                served.add(connection.get("/"));
            }
        }
        assertThat(served).containsOnly("web-1", "web-2");
        assertThat(served.stream().filter("web-1"::equals).count()).isEqualTo(4);
        // consecutive connections alternate: round robin per connection
        for (int i = 1; i < served.size(); i++) {
            assertThat(served.get(i)).isNotEqualTo(served.get(i - 1));
        }
    }

    @Test
    void kubeProxysLagAndRandomBalancingByDefault() throws Exception {
        setEndpoints(List.of("web-1", "web-2"), List.of());
        try (ServiceProxy iptables = new ServiceProxy(false, ProxySettings.defaults())) {
            iptables.start(cluster.context());
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    return iptables.servicePort("default", "web", "http").isPresent();
                } catch (RuntimeException e) {
                    return false;
                }
            });
            URI url = URI.create("http://127.0.0.1:" + iptables.servicePort("default", "web", "http").getAsInt());
            List<String> served = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (HttpConnection connection = new HttpConnection(url)) {
                    served.add(connection.get("/"));
                }
                return served.size() >= 40;
            });
            assertThat(served).containsOnly("web-1", "web-2").contains("web-1", "web-2");
            boolean alternating = true;
            for (int i = 1; i < served.size(); i++) {
                alternating &= !served.get(i).equals(served.get(i - 1));
            }
            assertThat(alternating).as("random per connection, not in turn: %s", served).isFalse();

            // web-1 leaves the Endpoints: for the next second the proxy still sends it new connections
            long changedAtNanos = System.nanoTime();
            setEndpoints(List.of("web-2"), List.of());
            List<String> early = new ArrayList<>();
            while (System.nanoTime() - changedAtNanos < Duration.ofMillis(700).toNanos()) {
                try (HttpConnection connection = new HttpConnection(url)) {
                    early.add(connection.get("/"));
                }
            }
            assertThat(early).as("connections within 0.7 s of the change").contains("web-1");
            // then it forgets web-1: ten connections in a row on web-2
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (int i = 0; i < 10; i++) {
                    try (HttpConnection connection = new HttpConnection(url)) {
                        if (!"web-2".equals(connection.get("/"))) {
                            return false;
                        }
                    }
                }
                return true;
            });
        }
    }

    @Test
    void keepAliveConnectionStaysOnItsPodWhileNewConnectionsAvoidARemovedOne() throws Exception {
        setEndpoints(List.of("web-1", "web-2", "web-3"), List.of());
        URI url = awaitUrl();
        try (HttpConnection kept = new HttpConnection(url)) {
            String pinned = kept.get("/");
            for (int i = 0; i < 5; i++) {
                assertThat(kept.get("/")).isEqualTo(pinned);
            }
            List<String> others = new ArrayList<>(List.of("web-1", "web-2", "web-3"));
            others.remove(pinned);
            setEndpoints(others, List.of());
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                List<String> served = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    try (HttpConnection connection = new HttpConnection(url)) {
                        served.add(connection.get("/"));
                    }
                }
                return !served.contains(pinned);
            });
            // kube-proxy does not cut established connections when an address leaves the Endpoints
            assertThat(kept.get("/")).isEqualTo(pinned);
        }
    }

    @Test
    void aConnectionBreaksWhenItsPodProcessDies() throws Exception {
        client.pods().resource(TestPods.podServer("doomed", "local-node-b").build()).create();
        Pod doomed = await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().withName("doomed").get(),
                TestPods::isReady);
        IPS.put("doomed", doomed.getStatus().getPodIP());
        setEndpoints(List.of("doomed"), List.of());
        URI url = awaitUrl();
        try (HttpConnection connection = new HttpConnection(url)) {
            assertThat(connection.get("/")).isEqualTo("doomed");
            ProcessHandle.of(TestPods.pid(doomed)).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> connection.get("/")).isInstanceOf(IOException.class));
        } finally {
            client.pods().withName("doomed").withGracePeriod(0).delete();
        }
    }

    @Test
    void connectionsAreRefusedWithoutReadyEndpoints() throws Exception {
        setEndpoints(List.of(), List.of("web-1"));
        URI url = awaitUrl();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> {
                    try (HttpConnection connection = new HttpConnection(url)) {
                        connection.get("/");
                    }
                }).isInstanceOf(IOException.class));
    }

    @Test
    void serviceIsAnnotatedWithItsUrl() {
        URI url = awaitUrl();
        await().atMost(Duration.ofSeconds(5)).until(() -> url.toString().equals(client.services().withName("web")
                .get().getMetadata().getAnnotations().get(ServiceProxy.URL_ANNOTATION)));
        assertThat(proxy.servicePort("default", "web", "http")).hasValue(url.getPort());
        assertThatThrownBy(() -> proxy.serviceUrl("default", "nope")).hasMessageContaining("default/nope");
    }

    private static URI awaitUrl() {
        return await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> proxy.serviceUrl("default", "web"), u -> true);
    }

    private static void setEndpoints(List<String> ready, List<String> notReady) {
        EndpointsBuilder builder = new EndpointsBuilder().withNewMetadata().withName("web").endMetadata();
        if (!ready.isEmpty() || !notReady.isEmpty()) {
            builder.addNewSubset()
                    .withAddresses(ready.stream().map(ServiceProxyTest::address).toList())
                    .withNotReadyAddresses(notReady.stream().map(ServiceProxyTest::address).toList())
                    .addNewPort().withName("http").withPort(8080).endPort()
                    .endSubset();
        }
        Endpoints endpoints = builder.build();
        client.endpoints().resource(endpoints).createOr(existing -> existing.update());
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Endpoints stored = client.endpoints().withName("web").get();
            return stored != null && stored.getSubsets().equals(endpoints.getSubsets());
        });
    }

    private static EndpointAddress address(String pod) {
        return new EndpointAddress(null, IPS.get(pod), null, null);
    }

    /** A raw HTTP/1.1 keep-alive connection: one socket, many requests. */
    static final class HttpConnection implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        HttpConnection(URI url) throws IOException {
            socket = new Socket(url.getHost(), url.getPort());
            socket.setSoTimeout(5_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
        }

        /** @return the X-Pod-Name of the pod that answered */
        String get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: web\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = in.readLine();
            if (status == null) {
                throw new IOException("connection closed");
            }
            String podName = null;
            int length = 0;
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                String lower = line.toLowerCase();
                if (lower.startsWith("x-pod-name:")) {
                    podName = line.substring(line.indexOf(':') + 1).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    throw new IOException("connection closed mid-body");
                }
                read += n;
            }
            return podName;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
