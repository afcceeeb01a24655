package dev.saleday.localkube.kubectl;

import dev.saleday.localkube.apply.Manifests;
import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The commands an SRE types, through the kubeconfig localkube writes. Skipped where kubectl is not installed. */
@ExtendWith(ControlPlane.class)
class KubectlTest {

    @Test
    void getSetImageScaleRolloutRestartCordon(ControlPlane cluster) throws Exception {
        Path kubectl = Manifests.kubectl().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not on the PATH");
        String ns = cluster.newNamespace("kubectl");
        cluster.client().resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));

        assertThat(run(cluster, kubectl, "get", "pods", "-n", ns, "-l", "app in (web)", "-o", "name"))
                .contains("pod/web-");
        run(cluster, kubectl, "set", "image", "-n", ns, "deployment/web", "model=saleday/recommendation:v2");
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(30));
        assertThat(run(cluster, kubectl, "rollout", "status", "-n", ns, "deployment/web", "--timeout=30s"))
                .contains("successfully rolled out");
        run(cluster, kubectl, "rollout", "restart", "-n", ns, "deployment/web");
        run(cluster, kubectl, "scale", "-n", ns, "deployment/web", "--replicas=3");
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.client().apps().deployments().inNamespace(ns)
                .withName("web").get().getSpec().getReplicas() == 3);
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(30));
        assertThat(run(cluster, kubectl, "rollout", "history", "-n", ns, "deployment/web")).contains("3");
        run(cluster, kubectl, "cordon", "local-node-b");
        try {
            assertThat(cluster.client().nodes().withName("local-node-b").get().getSpec().getUnschedulable()).isTrue();
        } finally {
            run(cluster, kubectl, "uncordon", "local-node-b");
        }
    }

    private static String run(ControlPlane cluster, Path kubectl, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig",
                cluster.kube().kubeconfigPath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
