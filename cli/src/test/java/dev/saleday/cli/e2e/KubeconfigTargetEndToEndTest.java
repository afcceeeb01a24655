package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.cli.Saleday;
import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * saleday against a cluster it did not start (the embedded cluster, reached through a kubeconfig, as a staging
 * cluster would be), as the ServiceAccount of k8s/rbac (a token from TokenRequest; the cluster holds it to RBAC):
 * a dry run leaves it exactly as it was; a run interrupted with SIGTERM after its pod kill and its release undoes
 * its faults on it and leaves a run directory {@code saleday analyze} can judge; no request of either is refused,
 * and each is one of {@link RbacRequests#FILE}.
 */
class KubeconfigTargetEndToEndTest {

    static final Path CI_PLAN = Path.of("..", "plans", "ci.yaml").toAbsolutePath().normalize();
    static final Path MANIFESTS = Path.of("..", "k8s", "overlays", "local").toAbsolutePath().normalize();
    static final Path RBAC = Path.of("..", "k8s", "rbac").toAbsolutePath().normalize();
    static final String NAMESPACE = "shop";
    static final String DEPLOYMENT = "recommendation";

    static LocalKube kube;
    /** The kubeconfig of the harness's ServiceAccount (k8s/rbac): every run here is made with its token. */
    static Path serviceAccountKubeconfig;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startCluster() throws Exception {
        Path modelJar = SaledayProcess.modelJar();
        LocalKubeConfig config = LocalKubeConfig.defaults().withWorkDir(tmp.resolve("localkube"));
        kube = LocalKube.start(modelJar == null ? config : config.withModelJar(modelJar));
        kube.apply(MANIFESTS);
        kube.apply(RBAC);
        String token = kube.client().serviceAccounts().inNamespace(NAMESPACE).withName("saleday").tokenRequest(
                new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        serviceAccountKubeconfig = Files.writeString(tmp.resolve("saleday-sa.kubeconfig"),
                Files.readString(kube.kubeconfigPath()).replace("token: localkube", "token: " + token));
        assertThat(Files.readString(serviceAccountKubeconfig)).contains(token);
        kube.awaitDeploymentReady(NAMESPACE, DEPLOYMENT, Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (kube != null) {
            try {
                // every request the ServiceAccount made in these runs was allowed by k8s/rbac; what it made is the
                // set RbacMinimalityTest holds each rule to
                assertThat(kube.deniedRequests()).as("requests refused (403)").isZero();
                Set<String> recorded = RbacRequests.read(kube.auditLogPath(), "system:serviceaccount:shop:saleday");
                assertThat(recorded).as("requests of the runs, all in " + RbacRequests.FILE
                        + " (update it with what a run records when the harness asks for more)")
                        .isNotEmpty().isSubsetOf(RbacRequests.committed());
            } finally {
                kube.close();
            }
        }
    }

    /** The plan, aimed at the running cluster through its kubeconfig. */
    static Path kubeconfigPlan(String name, String... edits) throws Exception {
        String text = Files.readString(CI_PLAN, StandardCharsets.UTF_8)
                .replace("  cluster: local\n", "  cluster: kubeconfig\n  kubeconfig: " + kube.kubeconfigPath()
                        + "\n  context: saleday-local\n  url: " + kube.serviceUrl(NAMESPACE, "recommendation-service")
                        + "\n")
                .replace("  manifests: ../k8s/overlays/local\n", "");
        text = text.replace("kubeconfig: " + kube.kubeconfigPath(), "kubeconfig: " + serviceAccountKubeconfig);
        for (int i = 0; i < edits.length; i += 2) {
            assertThat(text).contains(edits[i]);
            text = text.replace(edits[i], edits[i + 1]);
        }
        Path plan = tmp.resolve(name + ".yaml");
        Files.writeString(plan, text);
        return plan;
    }

    /** What a fault would change: every object's spec and the pods' names, with their resource versions. */
    static Map<String, String> snapshot(KubernetesClient client) {
        Map<String, String> state = new TreeMap<>();
        for (Deployment d : client.apps().deployments().inNamespace(NAMESPACE).list().getItems()) {
            state.put("deployment/" + d.getMetadata().getName(), d.getMetadata().getGeneration() + " "
                    + d.getSpec().getReplicas() + " " + d.getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getImage() + " " + d.getSpec().getTemplate().getMetadata().getAnnotations());
        }
        client.pods().inNamespace(NAMESPACE).list().getItems()
                .forEach(p -> state.put("pod/" + p.getMetadata().getName(), p.getMetadata().getUid()));
        client.configMaps().inNamespace(NAMESPACE).list().getItems()
                .forEach(c -> state.put("configmap/" + c.getMetadata().getName(), String.valueOf(c.getData())));
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NAMESPACE).list().getItems()
                .forEach(h -> state.put("hpa/" + h.getMetadata().getName(), h.getSpec().getMinReplicas() + ".."
                        + h.getSpec().getMaxReplicas()));
        client.nodes().list().getItems().forEach(n -> state.put("node/" + n.getMetadata().getName(),
                String.valueOf(n.getSpec().getUnschedulable())));
        return state;
    }

    @Test
    void aDryRunLeavesTheClusterAsItWas() throws Exception {
        Path plan = kubeconfigPlan("dry");
        Map<String, String> before = snapshot(kube.client());
        Path runDir = tmp.resolve("dry-run");
        int exit;
        String output;
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve("dry.txt"), "run", plan.toString(),
                "--dry-run", "--out", runDir.toString())) {
            exit = saleday.waitFor(Duration.ofMinutes(2));
            output = saleday.output();
        }

        assertThat(exit).as(output).isZero();
        assertThat(output).contains("DRY-RUN kill-one (pod-kill)", "DRY-RUN release-v1.1 (rollout)", "nothing was changed");
        assertThat(RunRecords.chaos(runDir, "release-v1.1", "dry-run")).hasSize(1);
        assertThat(RunRecords.chaos(runDir, "release-v1.1", "applied")).isEmpty();
        assertThat(snapshot(kube.client())).isEqualTo(before);
    }

    @Test
    void sigtermUndoesTheFaultsAndLeavesAnAnalysableRun() throws Exception {
        // the release early in the load, so the interrupt lands while it is applied; no abort on a slow host
        Path plan = kubeconfigPlan("interrupted", "at: peak+27s, action: rollout", "at: 5s, action: rollout",
                "at: peak+20s, action: pod-kill", "at: 3s, action: pod-kill",
                "abortWhen: {errorRate: 30%, for: 10s}", "abortWhen: never");
        String imageBefore = image();
        Path runDir = tmp.resolve("interrupted-run");
        int exit;
        String output;
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve("interrupted.txt"), "run",
                plan.toString(), "--out", runDir.toString())) {
            // the cluster may be slow on a shared host: Gatling's start, the warm-up, then 5 s of load
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> (!RunRecords.chaos(runDir, "release-v1.1", "applied").isEmpty()
                            && !RunRecords.chaos(runDir, "kill-one", "applied").isEmpty())
                            || !RunRecords.chaos(runDir, "", "abort").isEmpty() || !saleday.isAlive());
            assertThat(RunRecords.chaos(runDir, "release-v1.1", "applied")).as(saleday.output()).hasSize(1);
            assertThat(RunRecords.chaos(runDir, "kill-one", "applied")).as(saleday.output()).hasSize(1);
            assertThat(image()).isEqualTo("saleday/recommendation:v1.1");

            saleday.terminate();
            exit = saleday.waitFor(Duration.ofSeconds(60));
            output = saleday.output();
        }

        assertThat(exit).as(output).isEqualTo(3);
        assertThat(output).contains("interrupted", "saleday analyze " + runDir);
        assertThat(image()).isEqualTo(imageBefore);
        List<JsonNode> journal = RunRecords.lines(runDir.resolve("journal.jsonl"));
        assertThat(journal).anyMatch(l -> "undone".equals(l.path("event").asText()));
        assertThat(journal).noneMatch(l -> "undo-failed".equals(l.path("event").asText()));
        assertThat(RunRecords.json(runDir.resolve("run.json")).path("interrupted").asBoolean()).isTrue();

        StringWriter out = new StringWriter();
        int analyzed = Saleday.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "analyze",
                runDir.toString());
        // Exactly INVALID (2): the run was interrupted, so its records end before the plan does and a verdict on
        // part of a load is not a verdict on the plan; never PASS, and not FAIL either, whatever the part held.
        assertThat(analyzed).as(out.toString()).isEqualTo(2);
        assertThat(out.toString()).contains("verdict: INVALID (", "incomplete", "reason: incomplete: the records end ");
        JsonNode verdict = RunRecords.json(runDir.resolve("verdict.json"));
        assertThat(verdict.path("verdict").asText()).isEqualTo("INVALID");
        assertThat(verdict.path("exitStatus").asInt()).isEqualTo(2);
        assertThat(verdict.path("complete").asBoolean()).isFalse();
    }

    private static String image() {
        return kube.client().apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
