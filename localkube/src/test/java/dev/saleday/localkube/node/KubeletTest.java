package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static dev.saleday.localkube.node.TestPods.container;
import static dev.saleday.localkube.node.TestPods.isReady;
import static dev.saleday.localkube.node.TestPods.pid;
import static dev.saleday.localkube.node.TestPods.podServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The kubelet against localkube's API server, with real processes: start, env, probes, restarts, images. */
@ExtendWith(SharedNodeCluster.class)
class KubeletTest {

    private static NodeTestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedNodeCluster.get();
        client = cluster.client();
    }

    @Test
    void podStartsBecomesReadyAndSeesItsResolvedEnvironment() throws Exception {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("TOP_K", "7").addToData("MODE", "fast").build()).create();
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                .addToData("PASSWORD", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)))
                .addToStringData("TOKEN", "plain-token").build()).create();
        Pod pod = podServer("env-pod", "local-node-a",
                new EnvVar("GREETING", "hello $(POD_NAME)", null),
                new EnvVarBuilder().withName("TOP_K").withNewValueFrom().withNewConfigMapKeyRef()
                        .withName("settings").withKey("TOP_K").endConfigMapKeyRef().endValueFrom().build(),
                new EnvVarBuilder().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef()
                        .withName("creds").withKey("PASSWORD").endSecretKeyRef().endValueFrom().build(),
                new EnvVarBuilder().withName("ABSENT").withNewValueFrom().withNewConfigMapKeyRef()
                        .withName("no-such-map").withKey("x").withOptional(true).endConfigMapKeyRef()
                        .endValueFrom().build(),
                new EnvVarBuilder().withName("MY_NAMESPACE").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("MY_IP").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("status.podIP").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("MY_NODE").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("spec.nodeName").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("CPU_LIMIT_MILLICORES").withNewValueFrom().withNewResourceFieldRef()
                        .withResource("limits.cpu").withDivisor(new Quantity("1m")).endResourceFieldRef()
                        .endValueFrom().build(),
                new EnvVarBuilder().withName("MEMORY_LIMIT_MIB").withNewValueFrom().withNewResourceFieldRef()
                        .withResource("limits.memory").withDivisor(new Quantity("1Mi")).endResourceFieldRef()
                        .endValueFrom().build())
                .editSpec().editFirstContainer()
                .addNewEnvFrom().withNewSecretRef().withName("creds").endSecretRef().withPrefix("S_").endEnvFrom()
                .addNewEnvFrom().withNewConfigMapRef().withName("settings").endConfigMapRef().endEnvFrom()
                .withNewResources().addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("128Mi"))
                .endResources()
                .endContainer().endSpec().build();
        client.pods().resource(pod).create();

        Pod ready = awaitPod("env-pod", TestPods::isReady);
        String ip = ready.getStatus().getPodIP();
        assertThat(ip).matches("127\\.0\\.\\d+\\.\\d+").isNotEqualTo("127.0.0.1");
        assertThat(ready.getStatus().getHostIP()).isEqualTo("127.0.0.1");
        assertThat(ready.getStatus().getPhase()).isEqualTo("Running");
        assertThat(ready.getStatus().getConditions()).extracting("type")
                .contains("PodScheduled", "Initialized", "ContainersReady", "Ready");
        ContainerStatus status = container(ready);
        assertThat(status.getReady()).isTrue();
        assertThat(status.getStarted()).isTrue();
        assertThat(status.getRestartCount()).isZero();
        assertThat(status.getState().getRunning().getStartedAt()).isNotBlank();
        assertThat(status.getContainerID()).startsWith("process://");

        String env = get("http://" + ip + ":8080/env");
        assertThat(env.lines()).contains(
                "GREETING=hello env-pod", "TOP_K=7", "MODE=fast", "PASSWORD=s3cret", "S_PASSWORD=s3cret",
                "S_TOKEN=plain-token", "MY_NAMESPACE=default", "MY_IP=" + ip, "MY_NODE=local-node-a",
                "CPU_LIMIT_MILLICORES=500", "MEMORY_LIMIT_MIB=128", "HOST=" + ip, "HOSTNAME=env-pod", "PORT=8080",
                "IMAGE_TAG=1");
        assertThat(env).doesNotContain("ABSENT=");
        assertThat(cluster.events("env-pod")).extracting("reason").contains("Pulled", "Created", "Started");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                cluster.kubelet().readLog("default", "env-pod", "server", false).orElse("")
                        .contains("listening on " + ip + ":8080"));
        deleteNow("env-pod");
    }

    @Test
    void twoPodsShareContainerPort8080OnTheirOwnAddresses() throws Exception {
        client.pods().resource(podServer("twin-a", "local-node-a").build()).create();
        client.pods().resource(podServer("twin-b", "local-node-b").build()).create();
        Pod a = awaitPod("twin-a", TestPods::isReady);
        Pod b = awaitPod("twin-b", TestPods::isReady);
        assertThat(a.getStatus().getPodIP()).isNotEqualTo(b.getStatus().getPodIP());
        assertThat(get("http://" + a.getStatus().getPodIP() + ":8080/")).isEqualTo("twin-a");
        assertThat(get("http://" + b.getStatus().getPodIP() + ":8080/")).isEqualTo("twin-b");
        deleteNow("twin-a");
        deleteNow("twin-b");
    }

    @Test
    void missingSecretWaitsInCreateContainerConfigErrorUntilItExists() {
        client.pods().resource(podServer("needs-secret", "local-node-c",
                new EnvVarBuilder().withName("API_KEY").withNewValueFrom().withNewSecretKeyRef()
                        .withName("late-secret").withKey("key").endSecretKeyRef().endValueFrom().build())
                .build()).create();
        Pod waiting = awaitPod("needs-secret", p -> container(p) != null
                && container(p).getState().getWaiting() != null
                && "CreateContainerConfigError".equals(container(p).getState().getWaiting().getReason()));
        assertThat(container(waiting).getState().getWaiting().getMessage()).contains("late-secret");
        assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");

        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("late-secret").endMetadata()
                .addToStringData("key", "k").build()).create();
        awaitPod("needs-secret", TestPods::isReady);
        deleteNow("needs-secret");
    }

    @Test
    void unknownImageWaitsInImagePullBackOffWithAnEvent() {
        client.pods().resource(podServer("bad-image", "local-node-a").editSpec().editFirstContainer()
                .withImage("nowhere/unknown:9").endContainer().endSpec().build()).create();
        Pod pod = awaitPod("bad-image", p -> container(p) != null && container(p).getState().getWaiting() != null
                && "ImagePullBackOff".equals(container(p).getState().getWaiting().getReason()));
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(cluster.events("bad-image")).anySatisfy(event -> {
            assertThat(event.reason()).isEqualTo("Failed");
            assertThat(event.message()).contains("nowhere/unknown:9");
        });
        deleteNow("bad-image");
    }

    @Test
    void killMinus9OfTheContainerRestartsIt() {
        client.pods().resource(podServer("victim", "local-node-b").build()).create();
        Pod ready = awaitPod("victim", TestPods::isReady);
        long pid = pid(ready);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        Pod restarted = awaitPod("victim", p -> container(p).getRestartCount() == 1 && isReady(p));
        ContainerStatus status = container(restarted);
        assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(pid(restarted)).isNotEqualTo(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(cluster.kubelet().readLog("default", "victim", "server", true)).isPresent();
        deleteNow("victim");
    }

    @Test
    void livenessFailureRestartsTheContainerAndCrashLoopBacksOff() {
        client.pods().resource(podServer("sickly", "local-node-c",
                new EnvVar("HEALTHY_FOR_MILLIS", "500", null))
                .editSpec().editFirstContainer()
                .withLivenessProbe(TestPods.httpProbe("/healthz", 0, 1, 1, 2))
                .endContainer().endSpec().build()).create();

        Pod restarted = awaitPod("sickly", p -> container(p) != null && container(p).getRestartCount() >= 2);
        assertThat(container(restarted).getLastState().getTerminated()).isNotNull();
        assertThat(cluster.events("sickly")).extracting("reason").contains("Unhealthy", "Killing");
        assertThat(cluster.events("sickly")).anySatisfy(event ->
                assertThat(event.message()).startsWith("Liveness probe failed: HTTP probe failed with statuscode: 500"));
        awaitPod("sickly", p -> container(p).getState().getWaiting() != null
                && "CrashLoopBackOff".equals(container(p).getState().getWaiting().getReason()));
        deleteNow("sickly");
    }

    /**
     * Readiness comes back after a probe timed out once, and after another writer (the node lifecycle controller's
     * MarkPodsNotReady, or a status write of ours that a slow API server applied late) left the API's copy saying
     * NotReady while the kubelet's own view is Ready: the kubelet reconciles what the API holds with what it knows
     * (status_manager.go, needsReconcile), instead of trusting the last status it sent.
     */
    @Test
    void readinessRecoversAfterAProbeTimeoutAndAfterTheApiCopyWasMarkedNotReady() {
        client.pods().resource(podServer("flaky-ready", "local-node-b",
                new EnvVar("READYZ_STALL_AT", "3", null), new EnvVar("READYZ_STALL_MILLIS", "2500", null))
                .editSpec().editFirstContainer()
                .withReadinessProbe(TestPods.httpProbe("/readyz", 0, 1, 1, 1))
                .endContainer().endSpec().build()).create();
        awaitPod("flaky-ready", TestPods::isReady);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.events("flaky-ready").stream().anyMatch(e ->
                e.message().startsWith("Readiness probe failed:") && e.message().contains("context deadline exceeded")));
        awaitPod("flaky-ready", TestPods::isReady);

        Pod markedNotReady = client.pods().withName("flaky-ready").editStatus(p -> {
            p.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                    .forEach(c -> c.setStatus("False"));
            return p;
        });
        assertThat(TestPods.isReady(markedNotReady)).as("the API's copy as the other writer left it").isFalse();
        awaitPod("flaky-ready", TestPods::isReady);
        deleteNow("flaky-ready");
    }

    @Test
    void cpuOfABusyPodIsMeasuredAsThePodsOwnCpuTime() throws Exception {
        client.pods().resource(podServer("busy", "local-node-a", new EnvVar("BURN_CPU", "true", null)).build())
                .create();
        String cpuUrl = "http://" + awaitPod("busy", TestPods::isReady).getStatus().getPodIP() + ":8080/cpu";
        // The oracle: the process's own CPU time (the JVM's counter, read by the pod) over the same 3 s the kubelet
        // averages. How much of a core the burner gets depends on what else runs on the machine; both measure the
        // same process over the same span, so they agree however busy it is. The kubelet samples every 200 ms: its
        // window ends up to one period before we ask, so the pod's own figure is read over the span that ends
        // half a period earlier (misalignment costs well under the 10 % allowed on a 3 s window).
        Duration window = Duration.ofSeconds(3);
        java.util.List<long[]> own = new java.util.ArrayList<>();
        long fromNanos = System.nanoTime();
        do { // the pod's own readings, every 100 ms, over more than the window
            own.add(ownCpu(cpuUrl));
            Thread.sleep(100);
        } while (System.nanoTime() - fromNanos < window.toNanos() + 1_000_000_000L);
        double kubeletMillicores = cluster.kubelet().cpuMillicores("default", "busy", window).orElseThrow();
        long askedNanos = System.nanoTime();
        own.add(ownCpu(cpuUrl));
        // the kubelet's window: from its first sample at least 3 s before its last one, its last up to 200 ms ago
        long[] end = closest(own, askedNanos - 100_000_000L);
        long[] start = closest(own, askedNanos - window.toNanos());
        double ownMillicores = (end[0] - start[0]) * 1000.0 / (end[1] - start[1]);
        assertThat(ownMillicores).as("the pod's own CPU (a burner gets at least a tenth of a core)").isGreaterThan(100);
        assertThat(kubeletMillicores).as("kubelet's figure vs the pod's own %s m", ownMillicores)
                .isCloseTo(ownMillicores, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(cluster.kubelet().cpuMillicores("default", "nobody", Duration.ofSeconds(2))).isEmpty();
        deleteNow("busy");
    }

    /** @return {process CPU ns, monotonic ns} as the pod read them */
    private static long[] ownCpu(String url) throws Exception {
        String[] parts = get(url).trim().split(" ");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static long[] closest(java.util.List<long[]> readings, long atNanos) {
        return readings.stream().min(java.util.Comparator.comparingLong(r -> Math.abs(r[1] - atNanos))).orElseThrow();
    }

    private static Pod awaitPod(String name, java.util.function.Predicate<Pod> condition) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).alias("pod " + name)
                .until(() -> client.pods().withName(name).get(), p -> p != null && condition.test(p));
    }

    private static void deleteNow(String name) {
        Pod pod = client.pods().withName(name).get();
        client.pods().withName(name).withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().withName(name).get() == null);
        if (pod != null && container(pod) != null && container(pod).getContainerID() != null) {
            long pid = pid(pod);
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).isEmpty()
                    || !ProcessHandle.of(pid).get().isAlive());
        }
    }

    private static String get(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

}
