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
 *   LocalKubeBench hold [N]                   the overlay's pods held: scale (HPA removed) to N -> all Ready, then
 *                                             the API's latency while they run: list pods (p50/p99 of 300) and
 *                                             watch (a write to its event at a watcher, p50/p99 of 300)
 *   LocalKubeBench start                      one cold start: localkube started, the overlay applied, its
 *                                             Deployment ready (ms from the call); a fresh JVM each time
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
            case "hold" -> hold(n == 0 ? 100 : n);
            case "start" -> start();
            default -> {
                System.err.println("usage: LocalKubeBench api-writes|pods|real-pods|hold|start [N]");
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

    /**
     * One cold start, as every {@code saleday run} on the embedded cluster pays it (run it in a fresh JVM each time):
     * localkube started, k8s/overlays/local applied, its Deployment ready.
     */
    private static void start() throws Exception {
        long start = System.nanoTime();
        try (LocalKube kube = LocalKube.start(LocalKubeConfig.defaults())) {
            long started = System.nanoTime();
            kube.apply(overlay());
            long applied = System.nanoTime();
            kube.awaitDeploymentReady("shop", "recommendation", Duration.ofMinutes(2));
            System.out.printf("start startedMillis=%d appliedMillis=%d readyMillis=%d%n", (started - start) / 1_000_000,
                    (applied - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000);
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

    private static void hold(int replicas) throws Exception {
        System.out.printf("hold machine before: %s%n", machine());
        try (LocalKube kube = LocalKube.start(LocalKubeConfig.defaults())) {
            KubernetesClient client = kube.client();
            kube.apply(overlay());
            client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").withName("recommendation").delete();
            kube.awaitDeploymentReady("shop", "recommendation", Duration.ofMinutes(5));
            long start = System.nanoTime();
            client.apps().deployments().inNamespace("shop").withName("recommendation").scale(replicas);
            long[] lastPrintNanos = {start};
            await(() -> {
                long ready = ready(client);
                if (System.nanoTime() - lastPrintNanos[0] > 30_000_000_000L) {
                    lastPrintNanos[0] = System.nanoTime();
                    System.out.printf("hold progress %d s: %d Ready%n", (lastPrintNanos[0] - start) / 1_000_000_000L,
                            ready);
                }
                return ready >= replicas;
            }, Duration.ofMinutes(20));
            System.out.printf("hold scaleToAllReadyMillis=%d replicas=%d pending=%d%n",
                    (System.nanoTime() - start) / 1_000_000, replicas, activePods(client).stream()
                            .filter(p -> p.getSpec().getNodeName() == null).count());
            System.out.printf("hold machine with %d pods: %s%n", replicas, machine());
            long[] list = new long[300];
            for (int i = 0; i < list.length; i++) {
                long t0 = System.nanoTime();
                int size = client.pods().inNamespace("shop").list().getItems().size();
                list[i] = System.nanoTime() - t0;
                if (size < replicas) {
                    throw new IllegalStateException("listed " + size + " pods");
                }
            }
            System.out.printf("hold listPods p50Millis=%.1f p99Millis=%.1f (300 lists of %d pods)%n",
                    percentile(list, 0.50), percentile(list, 0.99), replicas);
            client.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("bench-watch").endMetadata().addToData("i", "-1").build()).create();
            java.util.concurrent.ConcurrentHashMap<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
            try (var watch = client.configMaps().inNamespace("shop").withName("bench-watch").watch(
                    new io.fabric8.kubernetes.client.Watcher<io.fabric8.kubernetes.api.model.ConfigMap>() {
                        @Override
                        public void eventReceived(Action action, io.fabric8.kubernetes.api.model.ConfigMap cm) {
                            seen.putIfAbsent(cm.getData().get("i"), System.nanoTime());
                        }

                        @Override
                        public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                        }
                    })) {
                long[] delays = new long[300];
                for (int i = 0; i < delays.length; i++) {
                    String key = Integer.toString(i);
                    long t0 = System.nanoTime();
                    client.configMaps().inNamespace("shop").withName("bench-watch").edit(cm -> {
                        cm.getData().put("i", key);
                        return cm;
                    });
                    await(() -> seen.containsKey(key), Duration.ofSeconds(30));
                    delays[i] = seen.get(key) - t0;
                }
                System.out.printf("hold watch writeToEvent p50Millis=%.1f p99Millis=%.1f (300 updates)%n",
                        percentile(delays, 0.50), percentile(delays, 0.99));
            }
        }
        System.out.printf("hold machine after: %s%n", machine());
    }

    private static double percentile(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** The load average and the memory in use, from /proc. */
    private static String machine() {
        try {
            String load = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
            long total = 0;
            long available = 0;
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("MemAvailable:")) {
                    available = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return String.format("loadavg %s, memory used %.1f GiB of %.1f", load, (total - available) / 1048576.0,
                    total / 1048576.0);
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
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
