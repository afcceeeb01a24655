package dev.saleday.localkube.e2e;

import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import dev.saleday.localkube.controllers.Pods;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
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
import java.util.Map;
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
 *
 * <p>And the rollout a cluster loses requests in: the Service proxy forgets a terminating pod only after its endpoint
 * lag (kube-proxy's 1 s sync), so a model that stops accepting connections at SIGTERM (DRAIN_DELAY_MS 0) loses the
 * connections sent to it meanwhile when its Deployment has no preStop, and none behind a 2 s preStop sleep.
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
        // A connection per request: the proxy picks a pod for each one, so requests reach the crashed pod until its
        // endpoint goes. Over four keep-alive connections all four could sit on the other pod (1 run in 8).
        try (SteadyLoad load = SteadyLoad.connectionPerRequest(url, RATE_RPS, Duration.ofSeconds(90))) {
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
            String deletedAtSeconds = load.elapsed();
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
            if (load.failed() > 0) {
                System.out.println("failures after deleting " + name + " (grace " + graceSeconds + ", at +"
                        + deletedAtSeconds + "s):\n" + load.failures() + "\n" + events());
            }
            return new int[] {load.ok(), load.failed()};
        }
    }

    @Test
    void withoutPreStopARolloutLosesRequestsOfAModelThatStopsListeningAtSigtermAndWithPreStopNone()
            throws Exception {
        Deployment base = client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get();
        try {
            createVariant(base, "bare", null);
            createVariant(base, "prestop", 2);
            kube.awaitDeploymentReady(NS, "bare", Duration.ofSeconds(90));
            kube.awaitDeploymentReady(NS, "prestop", Duration.ofSeconds(90));
            // one new connection per request, as a crowd of clients sends them: each one is balanced anew
            try (SteadyLoad bare = SteadyLoad.connectionPerRequest(kube.serviceUrl(NS, "bare"), RATE_RPS / 2,
                    Duration.ofSeconds(90));
                 SteadyLoad prestop = SteadyLoad.connectionPerRequest(kube.serviceUrl(NS, "prestop"), RATE_RPS / 2,
                         Duration.ofSeconds(90))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> bare.ok() >= RATE_RPS / 2
                        && prestop.ok() >= RATE_RPS / 2);
                String restartedAt = prestop.elapsed();
                long generationBare = restart("bare");
                long generationPrestop = restart("prestop");
                await().atMost(Duration.ofSeconds(90)).until(() -> rolledOut("bare", generationBare)
                        && rolledOut("prestop", generationPrestop));
                int bareBefore = bare.ok();
                int prestopBefore = prestop.ok();
                await().atMost(Duration.ofSeconds(20)).until(() -> bare.ok() >= bareBefore + RATE_RPS / 2
                        && prestop.ok() >= prestopBefore + RATE_RPS / 2);
                bare.close();
                prestop.close();
                assertThat(bare.failed()).as("failed requests in the rollout without preStop (%s answered)", bare.ok())
                        .isPositive();
                assertThat(prestop.failed()).as("failed requests in the rollout with a 2 s preStop (%s answered; "
                        + "restarted at +%ss):%n%s%n%s", prestop.ok(), restartedAt, prestop.failures(), events())
                        .isZero();
            }
        } finally {
            for (String name : List.of("bare", "prestop")) {
                client.apps().deployments().inNamespace(NS).withName(name).delete();
                client.services().inNamespace(NS).withName(name).delete();
            }
        }
    }

    /** One replica of the overlay's model under its own Service, DRAIN_DELAY_MS 0, with or without a preStop sleep. */
    private void createVariant(Deployment base, String name, Integer preStopSeconds) {
        Deployment variant = new DeploymentBuilder(base).withNewMetadata().withName(name).withNamespace(NS)
                .endMetadata().withStatus(null)
                .editSpec().withReplicas(1).withSelector(new LabelSelectorBuilder().addToMatchLabels("app", name).build())
                .editTemplate().editOrNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .editSpec().editFirstContainer().addNewEnv().withName("DRAIN_DELAY_MS").withValue("0").endEnv()
                .withLifecycle(preStopSeconds == null ? null : new LifecycleBuilder().withNewPreStop().withNewSleep()
                        .withSeconds(preStopSeconds.longValue()).endSleep().endPreStop().build())
                .endContainer().endSpec().endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(NS).resource(variant).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace(NS).endMetadata().withNewSpec().addToSelector("app", name).addNewPort().withName("http")
                .withPort(80).withTargetPort(new IntOrString("http")).endPort().endSpec().build()).create();
    }

    /** kubectl rollout restart; @return the generation it made */
    private long restart(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).edit(d -> new DeploymentBuilder(d)
                .editSpec().editTemplate().editOrNewMetadata()
                .addToAnnotations("kubectl.kubernetes.io/restartedAt", java.time.Instant.now().toString())
                .endMetadata().endTemplate().endSpec().build()).getMetadata().getGeneration();
    }

    private boolean rolledOut(String name, long generation) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
        var status = d.getStatus();
        long pods = client.pods().inNamespace(NS).withLabel("app", name).list().getItems().size();
        return status != null && status.getObservedGeneration() != null && status.getObservedGeneration() >= generation
                && Integer.valueOf(1).equals(status.getUpdatedReplicas())
                && Integer.valueOf(1).equals(status.getAvailableReplicas()) && pods == 1;
    }

    private String events() {
        return String.join("\n", client.v1().events().inNamespace(NS).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
                .map(e -> e.getLastTimestamp() + " " + e.getInvolvedObject().getName() + " " + e.getReason() + " "
                        + e.getMessage()).toList());
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
