package dev.saleday.localkube.e2e;

import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import dev.saleday.localkube.controllers.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded cluster's first phenomenon, end to end with real model pods: a container that dies without warning
 * while requests are in flight (a crash: SIGKILL, the pod stays and its container restarts) costs errors; a pod
 * deleted, with its grace period or with grace 0 (a force delete), costs none, because the kubelet always gives the
 * graceful model SIGTERM and at least 2 s before SIGKILL (kuberuntime's minimumGracePeriodInSeconds), and it drains
 * (readiness 503, keeps answering with Connection: close, then exits). The local overlay with every
 * predict taking 100 ms (FAULT_LATENCY_MS, a sleep), under a steady 20 req/s over four keep-alive connections: by
 * Little's law about two requests are in the pods at any moment, one on the victim. Load on 127.0.0.1, bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodKillUnderLoadE2ETest {

    private static final String NS = "shop";
    private static final String DEPLOYMENT = "recommendation";
    private static final int RATE_RPS = 20;

    private LocalKube kube;
    private KubernetesClient client;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        Path k8s = tmp.resolve("k8s");
        copyTree(k8sFolder(), k8s);
        Path configPatch = k8s.resolve("overlays/local/configmap-patch.yaml");
        Files.writeString(configPatch, Files.readString(configPatch) + "  FAULT_LATENCY_MS: \"100\"\n");
        kube = LocalKube.start(LocalKubeConfig.defaults());
        client = kube.client();
        kube.apply(k8s.resolve("overlays/local"));
        kube.awaitDeploymentReady(NS, DEPLOYMENT, Duration.ofSeconds(120));
    }

    @AfterAll
    void stop() {
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    void aPodDeletedWithItsGracePeriodCostsNoRequest() throws Exception {
        int[] okAndFailed = killUnderLoad(null);
        assertThat(okAndFailed[1]).as("failed requests when the pod drained (%s answered)", okAndFailed[0]).isZero();
    }

    @Test
    void aPodDeletedWithGracePeriodZeroGetsTheKubeletsMinimalWindowAndCostsNoRequest() throws Exception {
        int[] okAndFailed = killUnderLoad(0L);
        assertThat(okAndFailed[1]).as("failed requests after a force delete of the graceful model (%s answered)",
                okAndFailed[0]).isZero();
    }

    @Test
    void aCrashedContainerCostsRequestsAndRestartsInItsPod() throws Exception {
        URI url = kube.serviceUrl(NS, "recommendation-service");
        kube.awaitDeploymentReady(NS, DEPLOYMENT, Duration.ofSeconds(60));
        try (SteadyLoad load = new SteadyLoad(url, RATE_RPS, Duration.ofSeconds(90))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= 2 * RATE_RPS);
            Pod victim = activePods().get(0);
            String name = victim.getMetadata().getName();
            String containerId = victim.getStatus().getContainerStatuses().get(0).getContainerID();
            long pid = Long.parseLong(containerId.substring("process://".length()));
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).hasValue(true);
            Pod restarted = await().atMost(Duration.ofSeconds(60)).until(
                    () -> client.pods().inNamespace(NS).withName(name).get(),
                    p -> p != null && Pods.isReady(p) && p.getStatus().getContainerStatuses().get(0).getRestartCount() == 1);
            assertThat(restarted.getMetadata().getUid()).as("the same pod, not a replacement")
                    .isEqualTo(victim.getMetadata().getUid());
            int before = load.ok();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= before + 2 * RATE_RPS);
            load.close();
            assertThat(load.failed()).as("failed requests when the container crashed (%s answered)", load.ok())
                    .isPositive();
        }
    }

    /** Steady load; one pod deleted (with {@code graceSeconds}, null = its own); load until the replacement serves. */
    private int[] killUnderLoad(Long graceSeconds) throws Exception {
        URI url = kube.serviceUrl(NS, "recommendation-service");
        kube.awaitDeploymentReady(NS, DEPLOYMENT, Duration.ofSeconds(60));
        try (SteadyLoad load = new SteadyLoad(url, RATE_RPS, Duration.ofSeconds(90))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= 2 * RATE_RPS);
            Pod victim = activePods().get(0);
            String name = victim.getMetadata().getName();
            var pod = client.pods().inNamespace(NS).withName(name);
            if (graceSeconds == null) {
                pod.delete();
            } else {
                pod.withGracePeriod(graceSeconds).delete();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(NS).withName(name).get() == null
                    && activePods().size() == 2 && activePods().stream().allMatch(Pods::isReady));
            int before = load.ok();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= before + 2 * RATE_RPS);
            load.close();
            return new int[] {load.ok(), load.failed()};
        }
    }

    private List<Pod> activePods() {
        return client.pods().inNamespace(NS).withLabel("app", "recommendation").list().getItems().stream()
                .filter(Pods::isActive).toList();
    }

    private static Path k8sFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s/overlays/local"))) {
                return dir.resolve("k8s");
            }
        }
        throw new IllegalStateException("k8s/ not found above " + Path.of("").toAbsolutePath());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
