package dev.saleday.localkube;

import dev.saleday.localkube.controllers.Pods;
import dev.saleday.localkube.testing.FakeKubelet;
import dev.saleday.localkube.testing.FakeMetrics;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * localkube's numbers for docs/perf/localkube.md (a bench command, not a timed test):
 * <pre>
 *   LocalKubeBench api-writes [COUNT]         ConfigMap creates/s through fabric8, 1 and 4 client threads
 *   LocalKubeBench pods [N]                   control plane only (fake kubelet): time to N Ready pods, heap held
 *   LocalKubeBench real-pods [N]              the model jar as pods: start + apply overlay + scale to N -> Ready;
 *                                             then delete one pod -> replaced and Ready
 * </pre>
 */
public final class LocalKubeBench {

    private LocalKubeBench() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "api-writes";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        switch (what) {
            case "api-writes" -> apiWrites(n == 0 ? 2000 : n);
            case "pods" -> controlPlanePods(n == 0 ? 50 : n);
            case "real-pods" -> realPods(n == 0 ? 3 : n);
            default -> {
                System.err.println("usage: LocalKubeBench api-writes|pods|real-pods [N]");
                System.exit(2);
            }
        }
    }

    private static void apiWrites(int count) throws Exception {
        try (LocalKube kube = LocalKube.start(LocalKubeConfig.defaults().controlPlaneOnly(new FakeMetrics()))) {
            KubernetesClient client = kube.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
                    .create();
            write(client, "warm", 200, 1);
            for (int threads : new int[] {1, 4}) {
                long start = System.nanoTime();
                write(client, "t" + threads, count, threads);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("api-writes threads=%d count=%d writesPerSecond=%.0f%n", threads, count, count / seconds);
            }
        }
    }

    private static void write(KubernetesClient client, String prefix, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = thread; i < count; i += threads) {
                    client.configMaps().inNamespace("bench").resource(new ConfigMapBuilder().withNewMetadata()
                            .withName(prefix + "-" + i).endMetadata().addToData("k", "v" + i).build()).create();
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }

    private static void controlPlanePods(int pods) throws Exception {
        try (LocalKube kube = LocalKube.start(LocalKubeConfig.defaults().controlPlaneOnly(new FakeMetrics()));
             FakeKubelet kubelet = new FakeKubelet(kube.client(), Duration.ZERO, Duration.ZERO)) {
            KubernetesClient client = kube.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
                    .create();
            long start = System.nanoTime();
            client.resource(Objects.deployment("bench", "web", pods, "saleday/recommendation:v1")).create();
            kube.awaitDeploymentReady("bench", "web", Duration.ofMinutes(5));
            System.out.printf("pods=%d readyMillis=%d%n", pods, (System.nanoTime() - start) / 1_000_000);
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf("heapUsedMiB=%d (API server, controllers, fake kubelet, %d pods)%n",
                    (rt.totalMemory() - rt.freeMemory()) >> 20, pods);
        }
    }

    private static void realPods(int replicas) throws Exception {
        long start = System.nanoTime();
        try (LocalKube kube = LocalKube.start(LocalKubeConfig.defaults())) {
            KubernetesClient client = kube.client();
            kube.apply(overlay());
            client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").withName("recommendation").delete();
            client.apps().deployments().inNamespace("shop").withName("recommendation").scale(replicas);
            await(() -> ready(client) >= replicas, Duration.ofMinutes(10));
            System.out.printf("real-pods startToReadyMillis=%d replicas=%d%n", (System.nanoTime() - start) / 1_000_000,
                    replicas);
            String victim = activePods(client).get(0).getMetadata().getName();
            long deleted = System.nanoTime();
            client.pods().inNamespace("shop").withName(victim).delete();
            await(() -> activePods(client).stream().noneMatch(p -> p.getMetadata().getName().equals(victim))
                    && ready(client) >= replicas, Duration.ofMinutes(5));
            System.out.printf("real-pods replacementMillis=%d%n", (System.nanoTime() - deleted) / 1_000_000);
        }
    }

    private static List<Pod> activePods(KubernetesClient client) {
        return client.pods().inNamespace("shop").list().getItems().stream().filter(Pods::isActive).toList();
    }

    private static long ready(KubernetesClient client) {
        return activePods(client).stream().filter(Pods::isReady).count();
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static Path overlay() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (dir.resolve("k8s/overlays/local").toFile().isDirectory()) {
                return dir.resolve("k8s/overlays/local");
            }
        }
        throw new IllegalStateException("k8s/overlays/local not found");
    }
}
