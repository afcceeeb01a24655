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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * {@code --timestamps}, {@code --since}, {@code --since-time}, {@code --tail}, {@code --limit-bytes} and
     * {@code -f} together: each line's time is when the kubelet read it (the pod writes its own clock into the
     * line), the selections are the kubelet's, and without flags the output is the container's bytes.
     */
    @Test
    void logsWithTimestampsSinceATimeOrADuration() throws Exception {
        cluster.client().resource(pod("kubectl-since", Map.of())).create();
        Process follow = null;
        try {
            await().atMost(WAIT).until(() -> kubectl.run("logs", "kubectl-since").contains("listening on"));
            Instant listening = Instant.parse(kubectl.run("logs", "kubectl-since", "--timestamps").lines()
                    .filter(line -> line.contains("listening on")).findFirst().orElseThrow().substring(0, 30));
            // a later line, at least two seconds after the others, written by the pod when asked
            await().atMost(WAIT).until(() -> Instant.now().isAfter(listening.plusMillis(2_100)));
            kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/kubectl-since:8080/proxy/prestop");

            String plain = kubectl.run("logs", "kubectl-since");
            String stamped = kubectl.run("logs", "kubectl-since", "--timestamps");
            List<String> lines = stamped.lines().toList();
            assertThat(lines).hasSize(3);
            Instant previous = Instant.MIN;
            StringBuilder unstamped = new StringBuilder();
            for (String line : lines) {
                assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z .*");
                Instant at = Instant.parse(line.substring(0, 30));
                assertThat(at).isAfterOrEqualTo(previous);
                previous = at;
                // the pod printed its own clock (epoch ms) into the line: the kubelet read it just after
                Matcher written = Pattern.compile("at (\\d{13})").matcher(line);
                if (written.find()) {
                    Instant printed = Instant.ofEpochMilli(Long.parseLong(written.group(1)));
                    assertThat(at).isBetween(printed, printed.plusSeconds(5));
                }
                unstamped.append(line.substring(31)).append('\n');
            }
            assertThat(plain).isEqualTo(unstamped.toString()).startsWith("starting at ").contains("listening on");
            Instant preStop = Instant.parse(lines.get(2).substring(0, 30));
            assertThat(lines.get(2)).contains("preStop at");

            // sinceTime has whole seconds (the API server passes it on so): the next second after "listening on"
            String sinceTime = listening.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString();
            assertThat(kubectl.run("logs", "kubectl-since", "--since-time=" + sinceTime)).isEqualTo(
                    plain.substring(plain.indexOf("preStop at")));
            // since = the server's now - N lands between the two lines when N = ceil(now - preStop + 1 s): the
            // lines are >= 2.1 s apart, and the server's now is less than a second after ours
            long sinceSeconds = (Duration.between(preStop, Instant.now()).toMillis() + 1_999) / 1000;
            assertThat(kubectl.run("logs", "kubectl-since", "--since=" + sinceSeconds + "s"))
                    .isEqualTo(plain.substring(plain.indexOf("preStop at")));
            assertThat(kubectl.run("logs", "kubectl-since", "--since=1h")).isEqualTo(plain);
            assertThat(kubectl.run("logs", "kubectl-since", "--timestamps", "--tail=2", "--limit-bytes=40"))
                    .isEqualTo(stamped.substring(stamped.indexOf(lines.get(1))).substring(0, 40));
            Kubectl.Result invalid = kubectl.attempt("get", "--raw",
                    "/api/v1/namespaces/default/pods/kubectl-since/log?sinceSeconds=0");
            assertThat(invalid.err()).contains(
                    "PodLogOptions \"kubectl-since\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0");

            // -f with times: the last line first, then a line written after, each with its time
            follow = kubectl.start("logs", "-f", "kubectl-since", "--timestamps", "--tail=1");
            StringBuffer out = new StringBuffer();
            collect(follow.getInputStream(), out);
            await().atMost(WAIT).until(() -> out.toString().equals(lines.get(2) + "\n"));
            kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/kubectl-since:8080/proxy/prestop");
            await().atMost(WAIT).until(() -> out.toString().lines().count() == 2);
            assertThat(out.toString().lines().skip(1).findFirst().orElseThrow())
                    .matches("\\S{30} preStop at \\d{13}");
        } finally {
            if (follow != null) {
                follow.destroy();
            }
            cluster.client().pods().withName("kubectl-since").withGracePeriod(0).delete();
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
