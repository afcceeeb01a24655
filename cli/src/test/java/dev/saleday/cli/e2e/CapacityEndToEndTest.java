package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.cli.Saleday;
import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saleday capacity} against a cluster it did not start (the embedded cluster through its kubeconfig, so the
 * HPA and the Deployment outlive the command and can be compared before and after). The model's pods are 300m with
 * {@code SCORING_PASSES=30}, so one pod's knee is a few tens of req/s; the HPA's scale-up is disabled so that nothing
 * but the command changes the replicas. One cluster for the class; short steps.
 */
class CapacityEndToEndTest {

    static final Path MANIFESTS = Path.of("..", "k8s").toAbsolutePath().normalize();
    static final String NAMESPACE = "shop";
    static final String DEPLOYMENT = "recommendation";

    static LocalKube kube;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startCluster() throws IOException {
        Path k8s = tmp.resolve("k8s");
        copy(MANIFESTS.resolve("base"), k8s.resolve("base"));
        copy(MANIFESTS.resolve("overlays/local"), k8s.resolve("overlays/local"));
        Path config = k8s.resolve("overlays/local/configmap-patch.yaml");
        Files.writeString(config, Files.readString(config) + "  SCORING_PASSES: \"30\"\n");
        Path hpa = k8s.resolve("overlays/local/hpa-patch.yaml");
        String hpaText = Files.readString(hpa);
        assertThat(hpaText).contains("    scaleUp:\n      stabilizationWindowSeconds: 0\n      selectPolicy: Max\n");
        Files.writeString(hpa, hpaText.replace("    scaleUp:\n      stabilizationWindowSeconds: 0\n      selectPolicy: Max\n",
                "    scaleUp:\n      stabilizationWindowSeconds: 0\n      selectPolicy: Disabled\n"));
        Path modelJar = SaledayProcess.modelJar();
        LocalKubeConfig kubeConfig = LocalKubeConfig.defaults().withWorkDir(tmp.resolve("localkube"));
        kube = LocalKube.start(modelJar == null ? kubeConfig : kubeConfig.withModelJar(modelJar));
        kube.apply(k8s.resolve("overlays/local"));
        kube.awaitDeploymentReady(NAMESPACE, DEPLOYMENT, Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopCluster() {
        if (kube != null) {
            kube.close();
        }
    }

    static Path plan() throws IOException {
        Path plan = tmp.resolve("capacity.yaml");
        Files.writeString(plan, """
                apiVersion: saleday/v1
                kind: GameDay
                metadata: {name: capacity}
                target:
                  cluster: kubeconfig
                  kubeconfig: %s
                  context: saleday-local
                  url: %s
                  namespace: shop
                  deployment: recommendation
                  container: model
                  service: recommendation-service
                traffic:
                  connections: shared
                  phases:
                    - {name: baseline, duration: 10m, rate: 50}
                    - {name: peak,     duration: 10m, rate: 390}
                guards:
                  allowNamespaces: [shop]
                slo:
                  latency: [{phase: peak, p95: 800ms, p99: 1s}]
                  errors: {rate: 1%%}
                """.formatted(kube.kubeconfigPath(), kube.serviceUrl(NAMESPACE, "recommendation-service")));
        return plan;
    }

    /** The HPA's bounds and the Deployment's replicas. */
    static String state() {
        var hpa = kube.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(NAMESPACE)
                .withName(DEPLOYMENT).get();
        var deployment = kube.client().apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get();
        return "hpa " + hpa.getSpec().getMinReplicas() + ".." + hpa.getSpec().getMaxReplicas() + ", replicas "
                + deployment.getSpec().getReplicas();
    }

    static SaledayProcess capacity(String name, Path runDir) throws IOException {
        return SaledayProcess.start(tmp.resolve(name + ".txt"), "capacity", plan().toString(), "--out",
                runDir.toString(), "--start-rps", "15", "--step-rps", "3", "--steps", "14", "--step-duration", "2s");
    }

    @Test
    void sigtermAndKillNineLeaveTheHpaAndReplicasAsBefore() throws Exception {
        kube.awaitDeploymentReady(NAMESPACE, DEPLOYMENT, Duration.ofMinutes(2));
        String before = state();
        assertThat(before).isEqualTo("hpa 2..10, replicas 2");

        // SIGTERM once both changes are applied: the command restores them itself
        Path terminated = tmp.resolve("terminated");
        int exit;
        String output;
        try (SaledayProcess saleday = capacity("terminated", terminated)) {
            awaitBothApplied(saleday, terminated);
            awaitState("hpa 1..1, replicas 1");
            saleday.terminate();
            exit = saleday.waitFor(Duration.ofSeconds(60));
            output = saleday.output();
        }
        assertThat(exit).as(output).isEqualTo(3);
        assertThat(output).contains("interrupted; the HPA and the replicas are restored");
        assertThat(state()).isEqualTo(before);
        assertThat(RunRecords.lines(terminated.resolve("journal.jsonl")))
                .filteredOn(l -> "undone".equals(l.path("event").asText())).hasSize(2);

        // kill -9: nothing restores in the process; `saleday recover` does, from the journal
        Path killed = tmp.resolve("killed");
        try (SaledayProcess saleday = capacity("killed", killed)) {
            awaitBothApplied(saleday, killed);
            Signals.signal("KILL", saleday.pid());
            saleday.waitFor(Duration.ofSeconds(30));
        }
        awaitState("hpa 1..1, replicas 1"); // left as the killed command set it
        StringWriter recovered = new StringWriter();
        int recoverExit = Saleday.execute(new PrintWriter(recovered), new PrintWriter(recovered), "recover",
                killed.toString());
        assertThat(recoverExit).as(recovered.toString()).isZero();
        assertThat(recovered.toString()).containsSubsequence("undone capacity-one-pod (hpa-patch)",
                "undone capacity-one-pod (scale)");
        assertThat(state()).isEqualTo(before);
    }

    /**
     * The real scrape path (the recorder through this cluster's pod proxy, Prometheus over HTTP): a port no container
     * declares and a Prometheus nobody listens for are one line each in what the report shows, and no exception.
     */
    @Test
    void aScrapeThatCannotWorkIsOneLineEach() throws Exception {
        Path runDir = tmp.resolve("scrape");
        Files.createDirectories(runDir);
        dev.saleday.plan.Observe observe = new dev.saleday.plan.Observe("9999", "/metrics", Duration.ofMillis(200),
                java.net.URI.create("http://127.0.0.1:9"), java.util.Map.of("cpu", "sum(rate(x[1m]))"));
        try (var scraper = dev.saleday.recorder.metrics.PodMetricsScraper.start(kube.client(), NAMESPACE, DEPLOYMENT,
                observe, runDir, System.currentTimeMillis())) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    RunRecords.lines(runDir.resolve("pod-metrics.jsonl")).stream()
                            .filter(l -> l.has("reason")).map(l -> l.path("source").asText()).distinct().count() == 2);
        }
        dev.saleday.reports.observed.ServerView view = dev.saleday.reports.observed.ServerSide.of(runDir);
        assertThat(view.hasData()).isFalse();
        assertThat(view.notes()).hasSize(2);
        assertThat(view.notes().get(0)).startsWith("the pods' metrics could not be read (")
                .contains("9999/metrics");
        assertThat(view.notes().get(1)).startsWith("Prometheus (http://127.0.0.1:9): ").contains("unreachable");
    }

    /** An HPA that synced between the two changes may take up to one sync to follow its new bounds. */
    private static void awaitState(String expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> state().equals(expected));
    }

    private static void awaitBothApplied(SaledayProcess saleday, Path runDir) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!saleday.isAlive()) {
                throw new AssertionError("saleday exited early:\n" + saleday.output());
            }
            Path journal = runDir.resolve("journal.jsonl");
            return Files.exists(journal) && RunRecords.lines(journal).stream()
                    .filter(l -> "applied".equals(l.path("event").asText())).count() == 2;
        });
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
