package dev.saleday.localkube.kubectl;

import dev.saleday.localkube.node.NodeTestCluster;
import dev.saleday.localkube.node.SharedNodeCluster;
import dev.saleday.localkube.node.TestImages;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real kubectl's streaming commands against pods that are real processes: {@code exec} (WebSocket,
 * v5.channel.k8s.io): the command sees the container's environment, reads the piped stdin to its end, and its stderr
 * and exit code reach kubectl as they would from a cluster; {@code port-forward} (SPDY tunnelled in a WebSocket) to
 * a pod and to a Service: HTTP through the forwarded port gets the pod's own answer.
 */
@ExtendWith(SharedNodeCluster.class)
class KubectlStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private NodeTestCluster cluster;
    private Kubectl kubectl;

    @BeforeEach
    void kubectl(@TempDir Path dir) {
        cluster = SharedNodeCluster.get();
        kubectl = Kubectl.find(Kubectl.kubeconfig(dir, cluster.apiUrl()));
        Assumptions.assumeTrue(kubectl != null, "kubectl is not on the PATH");
    }

    @Test
    void execRunsWithThePodsEnvironmentStdinStderrAndExitCode() {
        Pod pod = new PodBuilder().withNewMetadata().withName("kubectl-exec").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("local-node-a").addNewContainer().withName("server")
                .withImage(TestImages.POD_SERVER).addNewPort().withContainerPort(8080).endPort()
                .addNewEnv().withName("GREETING").withValue("hello from the pod").endEnv().endContainer().endSpec()
                .build();
        cluster.client().resource(pod).create();
        try {
            await().atMost(WAIT).until(() -> running("kubectl-exec"));
            if (kubectl.minorVersion() < 30) {
                // kubectl before 1.30 (Debian's 1.20) speaks only SPDY for exec: refused, saying what is needed
                Kubectl.Result refused = kubectl.attempt("exec", "kubectl-exec", "--", "true");
                assertThat(refused.exitCode()).isNotZero();
                assertThat(refused.err()).contains("exec needs a WebSocket upgrade (v5.channel.k8s.io");
                return;
            }

            // the container's environment: its own variable and the pod's name as HOSTNAME
            assertThat(kubectl.run("exec", "kubectl-exec", "--", "printenv", "GREETING", "HOSTNAME"))
                    .isEqualTo("hello from the pod\nkubectl-exec\n");
            // -i: the piped input reaches the command, and its end ends it
            assertThat(kubectl.attemptWithInput("line one\nline two\n".getBytes(StandardCharsets.UTF_8),
                    "exec", "-i", "kubectl-exec", "--", "wc", "-l").out().strip()).isEqualTo("2");
            // stderr apart from stdout, and the command's exit code as kubectl's
            Kubectl.Result failed = kubectl.attempt("exec", "kubectl-exec", "-c", "server", "--", "sh", "-c",
                    "echo out; echo err >&2; exit 3");
            assertThat(failed.exitCode()).as(failed.err()).isEqualTo(3);
            assertThat(failed.out()).isEqualTo("out\n");
            assertThat(failed.err()).contains("err\n").contains("command terminated with exit code 3");
            // -it from a terminal: the command gets a terminal of its own (and stdout and stderr share it)
            Kubectl.Result terminal = kubectl.attemptOnTerminal("exec", "-it", "kubectl-exec", "--", "sh", "-c",
                    "tty; echo on-the-terminal >&2");
            assertThat(terminal.exitCode()).as(terminal.out()).isZero();
            assertThat(terminal.out()).containsPattern("/dev/pts/\\d+").contains("on-the-terminal")
                    .doesNotContain("not a tty");
            // a container that is not there is refused, as the API server does
            Kubectl.Result missing = kubectl.attempt("exec", "kubectl-exec", "-c", "nope", "--", "true");
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.err()).contains("container nope is not valid for pod kubectl-exec");
        } finally {
            cluster.client().pods().withName("kubectl-exec").withGracePeriod(0).delete();
        }
    }

    @Test
    void portForwardToAPodAndToAServiceAnswersWithThePod() throws Exception {
        Pod pod = new PodBuilder().withNewMetadata().withName("kubectl-pf").withNamespace("default")
                .addToLabels("app", "kubectl-pf").endMetadata()
                .withNewSpec().withNodeName("local-node-a").addNewContainer().withName("server")
                .withImage(TestImages.POD_SERVER).addNewPort().withName("http").withContainerPort(8080).endPort()
                .endContainer().endSpec().build();
        cluster.client().resource(pod).create();
        cluster.client().resource(new ServiceBuilder().withNewMetadata().withName("kubectl-pf")
                .withNamespace("default").endMetadata().withNewSpec().addToSelector("app", "kubectl-pf")
                .addNewPort().withPort(80).withTargetPort(new IntOrString("http")).endPort().endSpec().build())
                .create();
        try {
            await().atMost(WAIT).until(() -> running("kubectl-pf"));
            if (kubectl.minorVersion() < 31) {
                // kubectl before 1.31 dials port-forward as plain SPDY: refused, saying what is needed
                Process forward = kubectl.start("port-forward", "pod/kubectl-pf", ":8080");
                StringBuffer out = new StringBuffer();
                Thread reader = collect(forward.getInputStream(), out);
                try {
                    await().atMost(WAIT).until(() -> out.toString().contains("SPDY/3.1+portforward.k8s.io")
                            || !forward.isAlive() && out.toString().contains("error"));
                    assertThat(out.toString()).contains("port-forward needs a WebSocket upgrade");
                } finally {
                    forward.destroy();
                    reader.join(5_000);
                }
                return;
            }

            for (String target : new String[] {"pod/kubectl-pf", "svc/kubectl-pf"}) {
                String remotePort = target.startsWith("svc/") ? "80" : "8080";
                Process forward = kubectl.start("port-forward", target, ":" + remotePort);
                StringBuffer out = new StringBuffer();
                Thread reader = collect(forward.getInputStream(), out);
                try {
                    Pattern forwarding = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 8080");
                    await().atMost(WAIT).until(() -> forwarding.matcher(out).find() || !forward.isAlive());
                    Matcher local = forwarding.matcher(out);
                    assertThat(local.find()).as(target + ": " + out).isTrue();
                    URI url = URI.create("http://127.0.0.1:" + local.group(1) + "/");
                    // two clients, two connections: each a pair of streams in the same tunnel
                    for (int i = 0; i < 2; i++) {
                        HttpResponse<String> answer;
                        try {
                            answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            throw new AssertionError(target + ": " + e + "; kubectl printed: " + out, e);
                        }
                        assertThat(answer.statusCode()).as(target).isEqualTo(200);
                        assertThat(answer.body()).as(target).isEqualTo("kubectl-pf");
                        assertThat(answer.headers().firstValue("X-Pod-Name")).as(target).hasValue("kubectl-pf");
                    }
                    assertThat(forward.isAlive()).as(target + ": " + out).isTrue();
                    assertThat(out.toString()).as(target).contains("Handling connection for " + local.group(1))
                            .doesNotContain("error");
                } finally {
                    forward.destroy();
                    reader.join(5_000);
                }
            }
            // a port nothing listens on in the pod: the refusal comes back on the connection's error stream
            Process refused = kubectl.start("port-forward", "pod/kubectl-pf", ":9");
            StringBuffer out = new StringBuffer();
            Thread reader = collect(refused.getInputStream(), out);
            try {
                Matcher local = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 9").matcher("");
                await().atMost(WAIT).until(() -> local.reset(out).find() || !refused.isAlive());
                assertThat(local.reset(out).find()).as(out.toString()).isTrue();
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", Integer.parseInt(local.group(1)))) {
                    socket.getInputStream().read();
                } catch (IOException e) {
                    // kubectl closes the local connection
                }
                await().atMost(WAIT).until(() -> out.toString().contains("an error occurred forwarding"));
                assertThat(out.toString()).contains("-> 9: error forwarding port 9 to pod at ")
                        .contains("Connection refused");
            } finally {
                refused.destroy();
                reader.join(5_000);
            }
        } finally {
            cluster.client().services().withName("kubectl-pf").delete();
            cluster.client().pods().withName("kubectl-pf").withGracePeriod(0).delete();
        }
    }

    private static Thread collect(InputStream in, StringBuffer out) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private boolean running(String name) {
        Pod pod = cluster.client().pods().withName(name).get();
        return pod != null && pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && !pod.getStatus().getContainerStatuses().isEmpty()
                && pod.getStatus().getContainerStatuses().get(0).getState().getRunning() != null;
    }
}
