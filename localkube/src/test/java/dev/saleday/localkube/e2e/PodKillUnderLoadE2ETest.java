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
 * The embedded cluster's first phenomenon, end to end with real model pods: a pod killed while requests are in
 * flight costs errors when it is killed outright (grace period 0: SIGKILL), and none when it is deleted with its
 * grace period (the graceful model drains: readiness 503, keeps answering, then exits). The local overlay with every
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
    void aPodKilledWithGracePeriodZeroCostsRequests() throws Exception {
        int[] okAndFailed = killUnderLoad(0L);
        assertThat(okAndFailed[1]).as("failed requests when the pod was SIGKILLed (%s answered)", okAndFailed[0])
                .isPositive();
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
