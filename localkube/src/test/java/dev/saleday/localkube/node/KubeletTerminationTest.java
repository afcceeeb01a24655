package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.saleday.localkube.node.TestPods.isReady;
import static dev.saleday.localkube.node.TestPods.pid;
import static dev.saleday.localkube.node.TestPods.podServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Graceful deletion through the API server: not ready, preStop, SIGTERM, grace period, SIGKILL, final delete. */
@ExtendWith(SharedNodeCluster.class)
class KubeletTerminationTest {

    private static NodeTestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedNodeCluster.get();
        client = cluster.client();
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterPreStopAndTheGracePeriod() {
        long graceSeconds = 3;
        client.pods().resource(podServer("stubborn", "local-node-a",
                new EnvVar("IGNORE_SIGTERM", "true", null), new EnvVar("PRESTOP_MILLIS", "1000", null))
                .editSpec().withTerminationGracePeriodSeconds(graceSeconds).editFirstContainer()
                .withNewLifecycle().withNewPreStop().withNewHttpGet().withPath("/prestop")
                .withPort(new IntOrString("http")).endHttpGet().endPreStop().endLifecycle()
                .endContainer().endSpec().build()).create();
        Pod ready = await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().withName("stubborn").get(),
                TestPods::isReady);
        long pid = pid(ready);

        long deletedAtMillis = System.currentTimeMillis();
        client.pods().withName("stubborn").delete();
        Pod terminating = await().atMost(Duration.ofSeconds(5)).until(() -> client.pods().withName("stubborn").get(),
                p -> p == null || !isReady(p));
        assertThat(terminating).as("a terminating pod stays until its kubelet deletes it").isNotNull();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        String log = await().atMost(Duration.ofSeconds(5)).until(
                () -> cluster.kubelet().readLog("default", "stubborn", "server", false).orElse(""),
                text -> text.contains("SIGTERM ignored at"));
        await().atMost(Duration.ofSeconds(graceSeconds + 5)).until(() -> client.pods().withName("stubborn").get() == null);
        long goneAtMillis = System.currentTimeMillis();

        long preStopAt = epochMillis(log, "preStop at (\\d+)");
        long sigtermAt = epochMillis(log, "SIGTERM ignored at (\\d+)");
        assertThat(preStopAt).isGreaterThanOrEqualTo(deletedAtMillis);
        assertThat(sigtermAt - preStopAt).as("SIGTERM only after preStop returned").isGreaterThanOrEqualTo(900);
        assertThat(goneAtMillis - deletedAtMillis).as("SIGKILL only after the grace period")
                .isGreaterThanOrEqualTo(graceSeconds * 1000 - 100);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(cluster.events("stubborn")).extracting("reason").contains("Killing");
    }

    @Test
    void aSleepPreStopIsWaitedOutThenSigtermEndsThePodEarly() {
        client.pods().resource(podServer("polite", "local-node-b")
                .editSpec().withTerminationGracePeriodSeconds(20L).editFirstContainer()
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand(List.of("sleep", "1")).endExec()
                .endPreStop().endLifecycle()
                .endContainer().endSpec().build()).create();
        Pod ready = await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().withName("polite").get(),
                TestPods::isReady);
        long pid = pid(ready);

        long deletedAtNanos = System.nanoTime();
        client.pods().withName("polite").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().withName("polite").get() == null);
        Duration took = Duration.ofNanos(System.nanoTime() - deletedAtNanos);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(10));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private static long epochMillis(String log, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(log);
        assertThat(matcher.find()).as("log has " + pattern + ":\n" + log).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
