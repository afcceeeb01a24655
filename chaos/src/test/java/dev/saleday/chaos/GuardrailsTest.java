package dev.saleday.chaos;

import dev.saleday.plan.Action;
import dev.saleday.plan.Fault;
import dev.saleday.plan.Guards;
import dev.saleday.plan.Plan;
import dev.saleday.plan.Trigger;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The static rails refuse before any call: the kubeconfig points at a closed port, so any call would fail with a
 * connection error instead of the refusal these tests expect.
 */
class GuardrailsTest {

    @TempDir
    Path dir;
    Path kubeconfig;
    KubernetesClient client;

    @BeforeEach
    void closedPortKubeconfig() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, Kubeconfigs.text("http://127.0.0.1:" + port, "production"));
        client = KubeconfigContext.open(kubeconfig, "production");
        // The premise: nothing listens there (without the client's retries, which take 20 s to give up).
        try (KubernetesClient once = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                        .withRequestRetryBackoffLimit(0).build()).build()) {
            assertThatThrownBy(() -> once.namespaces().list()).isInstanceOf(KubernetesClientException.class);
        }
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    Plan plan(String namespace, Guards guards) {
        return TestPlans.plan(namespace, List.of(new Fault("bump", new Trigger.At(null, Duration.ZERO),
                new Action.Scale(null, 5), null)), guards);
    }

    ChaosRun.Settings settings(Plan plan, String context) {
        return ChaosRun.Settings.of(plan, client, context, dir.resolve("run"),
                CompletableFuture.completedFuture(System.currentTimeMillis()), ProbeWindow.none());
    }

    @Test
    void anUnlistedContextIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> ChaosRun.start(settings(plan("shop", TestPlans.guards()), "production")))
                .isInstanceOf(ChaosRefusedException.class)
                .hasMessageContaining("context 'production' is not in guards.allowContexts [saleday-local]");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void theKubeconfigsCurrentContextIsCheckedFromTheFileAlone() {
        assertThat(KubeconfigContext.resolve(kubeconfig, null)).isEqualTo("production");
        assertThatThrownBy(() -> KubeconfigContext.openChecked(kubeconfig, null, TestPlans.guards()))
                .isInstanceOf(ChaosRefusedException.class).hasMessageContaining("'production'");
        assertThatThrownBy(() -> KubeconfigContext.resolve(kubeconfig, "staging"))
                .isInstanceOf(ChaosRefusedException.class).hasMessageContaining("not defined");
        Guards allowing = new Guards(List.of(), List.of("production"), null, false, null);
        KubeconfigContext.openChecked(kubeconfig, null, allowing).close();
    }

    @Test
    void anUnlistedNamespaceIsRefusedBeforeAnyCall() {
        Guards guards = new Guards(List.of("shop"), List.of("production"), null, false, null);
        assertThatThrownBy(() -> ChaosRun.start(settings(plan("payments", guards), "production")))
                .isInstanceOf(ChaosRefusedException.class)
                .hasMessageContaining("namespace 'payments' is not in guards.allowNamespaces [shop]");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void kubeSystemIsNeverATargetEvenWhenListed() {
        Guards guards = new Guards(List.of("kube-system"), List.of("production"), null, false, null);
        assertThatThrownBy(() -> ChaosRun.start(settings(plan("kube-system", guards), "production")))
                .isInstanceOf(ChaosRefusedException.class).hasMessageContaining("never a chaos target");
        assertThatThrownBy(() -> ChaosRun.start(settings(plan("kube-public", TestPlans.guards()), "production")))
                .isInstanceOf(ChaosRefusedException.class);
    }

    @Test
    void theDefaultNamespaceAllowlistIsThePlansNamespace() {
        assertThat(Guardrails.allowedNamespaces(plan("shop", TestPlans.guards()))).containsExactly("shop");
        Guards listed = new Guards(List.of("shop", "kube-system"), List.of(), null, false, null);
        assertThat(Guardrails.allowedNamespaces(plan("shop", listed))).containsExactly("shop");
    }
}
