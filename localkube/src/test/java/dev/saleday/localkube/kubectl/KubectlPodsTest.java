package dev.saleday.localkube.kubectl;

import dev.saleday.localkube.node.NodeTestCluster;
import dev.saleday.localkube.node.SharedNodeCluster;
import dev.saleday.localkube.node.TestImages;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real kubectl against pods that are real processes: {@code logs -f} follows until the container ends,
 * {@code logs --previous} and {@code --tail}, {@code top pod} measures a busy process, and the pod proxy reaches it.
 */
@ExtendWith(SharedNodeCluster.class)
class KubectlPodsTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private NodeTestCluster cluster;
    private Kubectl kubectl;

    @BeforeEach
    void kubectl(@TempDir Path dir) {
        cluster = SharedNodeCluster.get();
        kubectl = Kubectl.find(Kubectl.kubeconfig(dir, cluster.apiUrl()));
        Assumptions.assumeTrue(kubectl != null, "kubectl is not on the PATH");
    }

    /** How long a follower must stay attached to a running container (the break it catches: ending after 200 ms). */
    static final Duration FOLLOWED_FOR = Duration.ofSeconds(2);

    @Test
    void logsFollowUntilTheContainerEnds() throws Exception {
        Pod pod = new PodBuilder(pod("kubectl-follow", Map.of())).editSpec().withTerminationGracePeriodSeconds(5L)
                .editFirstContainer().withNewLifecycle().withNewPreStop().withNewHttpGet().withPath("/prestop")
                .withPort(new IntOrString(8080)).endHttpGet().endPreStop().endLifecycle().endContainer().endSpec()
                .build();
        cluster.client().resource(pod).create();
        await().atMost(WAIT).until(() -> running("kubectl-follow"));
        Process follow = kubectl.start("logs", "-f", "kubectl-follow");
        StringBuffer out = new StringBuffer();
        Thread reader = collect(follow.getInputStream(), out);
        await().atMost(WAIT).until(() -> out.toString().contains("listening on"));
        // kubectl logs -f keeps following a running container: alive over a whole period, not only at one instant
        await().during(FOLLOWED_FOR).atMost(FOLLOWED_FOR.plusSeconds(2)).until(follow::isAlive);
        assertThat(out.toString()).doesNotContain("preStop at");

        // a line the container writes after that period reaches the follower, which ends with the container
        cluster.client().pods().withName("kubectl-follow").delete();
        await().atMost(WAIT).until(() -> out.toString().contains("preStop at"));
        await().atMost(WAIT).until(() -> !follow.isAlive());
        reader.join(5_000);
        assertThat(follow.exitValue()).isZero();
        assertThat(out.toString()).contains("listening on").contains("preStop at");
    }

    @Test
    void logsOfThePreviousRunAndTheLastLines() {
        Pod pod = new PodBuilder(pod("kubectl-restarts", Map.of("HEALTHY_FOR_MILLIS", "1500"))).editSpec()
                .editFirstContainer().withNewLivenessProbe().withNewHttpGet().withPath("/healthz")
                .withPort(new IntOrString(8080)).endHttpGet().withInitialDelaySeconds(3).withPeriodSeconds(1)
                .withFailureThreshold(1)
                .endLivenessProbe().endContainer().endSpec().build();
        cluster.client().resource(pod).create();
        try {
            await().atMost(WAIT).until(() -> restarts("kubectl-restarts") >= 1 && running("kubectl-restarts"));
            assertThat(kubectl.run("logs", "kubectl-restarts", "--previous")).contains("listening on");
            // the current container may have just restarted and printed nothing yet, or restart between the two
            // reads: both come from one container once the whole log has its two lines and the tail is its last
            await().atMost(WAIT).untilAsserted(() -> {
                List<String> whole = kubectl.run("logs", "kubectl-restarts").lines().toList();
                List<String> tail = kubectl.run("logs", "kubectl-restarts", "--tail=1").lines().toList();
                assertThat(whole).hasSizeGreaterThan(1);
                assertThat(tail).containsExactly(whole.get(whole.size() - 1));
            });
            assertThat(Kubectl.row(kubectl.run("get", "pod", "kubectl-restarts"), "kubectl-restarts").get(3))
                    .matches("\\d+ \\(\\d+s ago\\)");
        } finally {
            cluster.client().pods().withName("kubectl-restarts").withGracePeriod(0).delete();
        }
    }

    @Test
    void topMeasuresABusyPodAndTheProxyReachesIt() {
        cluster.client().resource(pod("kubectl-busy", Map.of("BURN_CPU", "true"))).create();
        try {
            await().atMost(WAIT).until(() -> running("kubectl-busy"));
            await().atMost(WAIT).untilAsserted(() -> {
                Kubectl.Result top = kubectl.attempt("top", "pod", "kubectl-busy");
                assertThat(top.exitCode()).as(top.err()).isZero();
                var row = Kubectl.row(top.out(), "kubectl-busy");
                assertThat(Integer.parseInt(row.get(1).replace("m", ""))).isGreaterThan(400);
                assertThat(Integer.parseInt(row.get(2).replace("Mi", ""))).isGreaterThan(1);
            });
            assertThat(kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/kubectl-busy/proxy/"))
                    .isEqualTo("kubectl-busy");
            assertThat(kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/kubectl-busy:8080/proxy/env"))
                    .contains("BURN_CPU=true");
            Kubectl.Result noPrevious = kubectl.attempt("logs", "kubectl-busy", "--previous");
            assertThat(noPrevious.exitCode()).isNotZero();
            assertThat(noPrevious.err()).contains("previous terminated container \"server\"");
        } finally {
            cluster.client().pods().withName("kubectl-busy").withGracePeriod(0).delete();
        }
    }

    private static Pod pod(String name, Map<String, String> env) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("local-node-a").addNewContainer().withName("server")
                .withImage(TestImages.POD_SERVER).addNewPort().withContainerPort(8080).endPort().endContainer()
                .endSpec();
        env.forEach((k, v) -> pod.editSpec().editFirstContainer().addNewEnv().withName(k).withValue(v).endEnv()
                .endContainer().endSpec());
        return pod.build();
    }

    private boolean running(String name) {
        Pod pod = cluster.client().pods().withName(name).get();
        return pod != null && pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream().anyMatch(s -> s.getState().getRunning() != null);
    }

    private int restarts(String name) {
        Pod pod = cluster.client().pods().withName(name).get();
        return pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                : pod.getStatus().getContainerStatuses().stream().mapToInt(ContainerStatus::getRestartCount).sum();
    }

    private static Thread collect(InputStream in, StringBuffer out) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "kubectl-logs-f");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
