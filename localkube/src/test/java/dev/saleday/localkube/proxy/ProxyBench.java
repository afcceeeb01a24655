package dev.saleday.localkube.proxy;

import dev.saleday.localkube.node.ModelPods;
import dev.saleday.localkube.node.NodeTestCluster;
import dev.saleday.localkube.node.TestPods;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;

/**
 * Benchmark of localkube's node half, printed as Markdown rows for docs/perf/localkube-node.md:
 * <ol>
 *   <li>pod start to Ready: {@code --pods} pods of the real model jar (created together, k8s/base probes with the local
 *       overlay's numbers), from create to Ready condition as the API server shows it;</li>
 *   <li>proxy throughput: closed-loop HTTP GETs from {@code --clients} threads, on keep-alive connections and with a
 *       new connection per request, straight to the pods' addresses and through the Service proxy, alternating in
 *       one run; the ratio proxy/direct is what to compare.</li>
 * </ol>
 * Backends for the throughput part are {@code TestPodServer} pods (no CPU limit), so the proxy, not a model quota, is
 * what limits.
 */
public final class ProxyBench {

    private ProxyBench() {
    }

    public static void main(String[] args) throws Exception {
        int pods = intArg(args, "--pods", 3);
        int clients = intArg(args, "--clients", 8);
        int seconds = intArg(args, "--seconds", 5);
        int rounds = intArg(args, "--rounds", 2);
        try (NodeTestCluster cluster = new NodeTestCluster(NodeTestCluster.testConfig());
             ServiceProxy proxy = new ServiceProxy()) {
            KubernetesClient client = cluster.client();
            proxy.start(cluster.context());
            if (pods > 0) {
                podStartToReady(client, pods);
            }
            throughput(client, proxy, clients, seconds, rounds);
        }
        System.exit(0);
    }

    private static void podStartToReady(KubernetesClient client, int pods) {
        ModelPods.createSecret(client);
        long[] createdNanos = new long[pods];
        long[] readyMillis = new long[pods];
        for (int i = 0; i < pods; i++) {
            createdNanos[i] = System.nanoTime();
            client.pods().resource(ModelPods.modelPod("model-" + i,
                    NodeTestCluster.NODES.get(i % 3), "v1.0")).create();
        }
        for (int i = 0; i < pods; i++) {
            String name = "model-" + i;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> client.pods().withName(name).get(), TestPods::isReady);
            readyMillis[i] = (System.nanoTime() - createdNanos[i]) / 1_000_000;
        }
        Arrays.sort(readyMillis);
        System.out.printf("| pod start to Ready, %d model pods created together | median %d ms | max %d ms |%n",
                pods, readyMillis[pods / 2], readyMillis[pods - 1]);
        for (int i = 0; i < pods; i++) {
            client.pods().withName("model-" + i).withGracePeriod(0).delete();
        }
    }

    private static void throughput(KubernetesClient client, ServiceProxy proxy, int clients, int seconds,
                                   int rounds) throws Exception {
        List<String> names = List.of("bench-1", "bench-2", "bench-3");
        List<InetSocketAddress> direct = new ArrayList<>();
        for (String name : names) {
            client.pods().resource(TestPods.podServer(name, "local-node-b").build()).create();
        }
        List<EndpointAddress> addresses = new ArrayList<>();
        for (String name : names) {
            Pod pod = await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().withName(name).get(),
                    TestPods::isReady);
            direct.add(new InetSocketAddress(pod.getStatus().getPodIP(), 8080));
            addresses.add(new EndpointAddress(null, pod.getStatus().getPodIP(), null, null));
        }
        client.services().resource(new ServiceBuilder().withNewMetadata().withName("bench").endMetadata()
                .withNewSpec().addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http"))
                .endPort().endSpec().build()).create();
        client.endpoints().resource(new EndpointsBuilder().withNewMetadata().withName("bench").endMetadata()
                .addNewSubset().withAddresses(addresses).addNewPort().withName("http").withPort(8080).endPort()
                .endSubset().build()).create();
        URI url = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> proxy.serviceUrl("default", "bench"), u -> true);
        InetSocketAddress proxied = new InetSocketAddress("127.0.0.1", url.getPort());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (ServiceProxyTest.HttpConnection connection = new ServiceProxyTest.HttpConnection(url)) {
                return connection.get("/") != null;
            }
        });

        for (boolean keepAlive : new boolean[] {true, false}) {
            double directTotal = 0;
            double proxyTotal = 0;
            run(clients, 2, keepAlive, i -> direct.get(i % direct.size())); // warm-up
            run(clients, 2, keepAlive, i -> proxied);
            for (int round = 0; round < rounds; round++) {
                directTotal += run(clients, seconds, keepAlive, i -> direct.get(i % direct.size()));
                proxyTotal += run(clients, seconds, keepAlive, i -> proxied);
            }
            System.out.printf("| %s, %d clients, %d x %d s each | direct %.0f req/s | proxy %.0f req/s | "
                            + "ratio %.2f |%n", keepAlive ? "keep-alive" : "new connection per request", clients,
                    rounds, seconds, directTotal / rounds, proxyTotal / rounds, proxyTotal / directTotal);
        }
    }

    /** @return requests per second over all clients */
    private static double run(int clients, int seconds, boolean keepAlive, IntFunction<InetSocketAddress> target)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long endNanos = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            InetSocketAddress address = target.apply(i);
            URI uri = URI.create("http://" + address.getHostString() + ":" + address.getPort());
            results.add(pool.submit((Callable<long[]>) () -> {
                long ok = 0;
                long failed = 0;
                ServiceProxyTest.HttpConnection connection = null;
                while (System.nanoTime() < endNanos) {
                    try {
                        if (connection == null) {
                            connection = new ServiceProxyTest.HttpConnection(uri);
                        }
                        connection.get("/");
                        ok++;
                    } catch (IOException e) {
                        failed++;
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                    if (!keepAlive && connection != null) {
                        connection.close();
                        connection = null;
                    }
                }
                if (connection != null) {
                    connection.close();
                }
                return new long[] {ok, failed};
            }));
        }
        long ok = 0;
        long failed = 0;
        for (Future<long[]> result : results) {
            long[] counts = result.get();
            ok += counts[0];
            failed += counts[1];
        }
        pool.shutdown();
        if (failed > 0) {
            System.out.printf("  (%d failed requests)%n", failed);
        }
        return ok / (double) seconds;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
