package dev.saleday.localkube.e2e;

import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import dev.saleday.localkube.controllers.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * k8s/overlays/local on a localkube with real pods (the model jar as child processes), one cluster for the class:
 * the steps build on each other, as a game day does. A deleted pod replaced and a killed container restarted in its
 * pod are PodKillUnderLoadE2ETest's, on the same overlay and under load.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverlayE2ETest {

    private static final String NS = "shop";
    private static final String DEPLOYMENT = "recommendation";
    private LocalKube kube;
    private KubernetesClient client;
    private final List<Long> pids = new ArrayList<>();

    @BeforeAll
    void start() {
        // The HPA syncs every 2 s on CPU averaged over 5 s (Kubernetes: 15 s and metrics-server's 15 s): this class
        // checks that the overlay's autoscaler reacts, not how fast Kubernetes' defaults let it; the overlay's own
        // behavior (its 30 s scale-down window) stays as it is.
        kube = LocalKube.start(LocalKubeConfig.defaults().withHpaSyncPeriod(Duration.ofSeconds(2))
                .withHpaMetricsWindow(Duration.ofSeconds(5)).withRestartBackOffBase(Duration.ofMillis(500)));
        client = kube.client();
    }

    @AfterAll
    void stop() {
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    @Order(1)
    void theLocalOverlayComesUpReady() {
        kube.apply(overlay());
        kube.awaitDeploymentReady(NS, DEPLOYMENT, Duration.ofSeconds(120));
        List<Pod> pods = activePods();
        assertThat(pods).hasSizeGreaterThanOrEqualTo(2).allSatisfy(p -> assertThat(Pods.isReady(p)).isTrue());
        assertThat(pods).extracting(p -> p.getSpec().getNodeName()).doesNotHaveDuplicates();
        URI url = kube.serviceUrl(NS, "recommendation-service");
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        // the overlay's limits.cpu 300m is each pod's CFS quota, as the kubelet sets it (cpuCFSQuota: true):
        // 30 ms of CPU in every 100 ms period for the whole process, its JVM's start, JIT and collector too
        assumeTrue(Files.isWritable(Path.of("/sys/fs/cgroup/cpu")), "no writable cgroup v1 cpu controller here");
        assertThat(kube.kernelCpuLimits()).isTrue();
        assertThat(pods).allSatisfy(p -> {
            Path group = cpuCgroup(pid(p).orElseThrow());
            assertThat(group.toString()).contains("/localkube/");
            assertThat(Files.readString(group.resolve("cpu.cfs_period_us")).strip()).isEqualTo("100000");
            assertThat(Files.readString(group.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("30000");
        });
    }

    /** @return the cgroup v1 cpu group of a process, from /proc/PID/cgroup ({@code N:cpu,cpuacct:/path} or alike) */
    private static Path cpuCgroup(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && java.util.Arrays.asList(parts[1].split(",")).contains("cpu")) {
                return Path.of("/sys/fs/cgroup/cpu" + parts[2]);
            }
        }
        throw new AssertionError("no cpu cgroup for " + pid);
    }

    @Test
    @Order(2)
    void aRolloutUnderSteadyLoadLosesNoRequestWithGracefulShutdown() throws Exception {
        // The pods this rollout stops drain on SIGTERM; the ones it starts will not (GRACEFUL_SHUTDOWN false), so
        // the next test's rollout stops halting pods without a rollout of its own to get them.
        Result result = rolloutUnderLoad("saleday/recommendation:v1.1", true);
        assertThat(result.ok()).isGreaterThan(100);
        assertThat(result.failed()).as("failed requests during a graceful rollout").isZero();
    }

    @Test
    @Order(3)
    void withoutGracefulShutdownTheSameRolloutLosesRequests() throws Exception {
        assertThat(activePods()).isNotEmpty().allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getEnv())
                .anyMatch(e -> "GRACEFUL_SHUTDOWN".equals(e.getName()) && "false".equals(e.getValue())));
        Result result = rolloutUnderLoad("saleday/recommendation:v1.2", false);
        assertThat(result.failed()).as("failed requests when pods stop abruptly").isGreaterThan(0);
    }

    @Test
    @Order(4)
    void aDrainStopsAtThePodDisruptionBudget() {
        List<Pod> pods = activePods();
        String node = pods.get(0).getSpec().getNodeName();
        client.nodes().withName(node).edit(n -> { n.getSpec().setUnschedulable(true); return n; });
        try {
            List<Boolean> evicted = new ArrayList<>();
            for (Pod pod : pods) {
                evicted.add(client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).evict());
            }
            // maxUnavailable 20 % of 2 rounds up to 1: the first eviction goes, the next is refused (429)
            assertThat(evicted).startsWith(true).contains(false);
        } finally {
            client.nodes().withName(node).edit(n -> { n.getSpec().setUnschedulable(false); return n; });
        }
        kube.awaitDeploymentReady(NS, DEPLOYMENT, Duration.ofSeconds(120));
    }

    @Test
    @Order(5)
    void theHpaScalesUpUnderLoadAndBackDownAfterItsWindow() throws Exception {
        URI url = kube.serviceUrl(NS, "recommendation-service");
        // 400 req/s: a pod costs ~30m idle + ~0.4m per req/s, so 2 pods run at ~110 % of their 100m request
        // (target 70 %). At 200 req/s an idle host sat at the target, inside the HPA's tolerance, and never scaled.
        try (SteadyLoad load = new SteadyLoad(url, 400, Duration.ofSeconds(120))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> replicas() > 2);
            load.close();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName(DEPLOYMENT).get();
            assertThat(hpa.getStatus().getLastScaleTime()).isNotNull();
            assertThat(hpa.getStatus().getDesiredReplicas()).isGreaterThan(2);
        });
        // the overlay's scale-down window is 30 s; with no load the recommendation falls to minReplicas
        await().atMost(Duration.ofSeconds(120)).until(() -> replicas() == 2);
    }

    private int replicas() {
        return client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get().getSpec().getReplicas();
    }

    @Test
    @Order(6)
    void noChildProcessSurvivesClose() {
        for (Pod pod : activePods()) {
            pid(pod).ifPresent(pids::add);
        }
        assertThat(pids).isNotEmpty();
        kube.close();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pids)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse()));
    }

    private record Result(int ok, int failed) {
    }

    /** @param haltNext whether the pods the rollout starts halt on SIGTERM (GRACEFUL_SHUTDOWN false) */
    private Result rolloutUnderLoad(String image, boolean haltNext) throws Exception {
        URI url = kube.serviceUrl(NS, "recommendation-service");
        try (SteadyLoad load = new SteadyLoad(url, 50, Duration.ofSeconds(150))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() > 20);
            client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).edit(d -> {
                var container = new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editContainer(0)
                        .withImage(image);
                if (haltNext) {
                    container = container.addToEnv(new EnvVarBuilder().withName("GRACEFUL_SHUTDOWN").withValue("false")
                            .build());
                }
                return container.endContainer().endSpec().endTemplate().endSpec().build();
            });
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                var d = client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get();
                return d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
                        && activePods().stream().allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals(image))
                        && client.pods().inNamespace(NS).list().getItems().stream().noneMatch(Pods::isTerminating);
            });
            kube.awaitDeploymentReady(NS, DEPLOYMENT, Duration.ofSeconds(60));
            int before = load.ok();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok() > before + 20);
            load.close();
            return new Result(load.ok(), load.failed());
        }
    }

    private List<Pod> activePods() {
        return client.pods().inNamespace(NS).withLabel("app", "recommendation").list().getItems().stream()
                .filter(Pods::isActive).toList();
    }

    private static Optional<Long> pid(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().map(s -> s.getContainerID())
                .filter(id -> id != null && id.startsWith("process://"))
                .map(id -> Long.parseLong(id.substring("process://".length()))).findFirst();
    }

    private static Path overlay() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path overlay = dir.resolve("k8s/overlays/local");
            if (Files.isDirectory(overlay)) {
                return overlay;
            }
        }
        throw new IllegalStateException("k8s/overlays/local not found above " + Path.of("").toAbsolutePath());
    }
}
