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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saleday capacity} against a cluster it did not start (the embedded cluster through its kubeconfig, so the
 * HPA and the Deployment outlive the command and can be compared before and after). The model's pods are 300m with
 * {@code SCORING_PASSES=60} (about 15 ms of CPU a prediction), so one pod's CPU limit answers about 20 req/s: the knee
 * is made by the pod's limit at a rate far below what loads the host (0.3 core for the pod, a few tens of requests a
 * second for the injector and the proxy), which keeps it where it is on a busy 2-core machine. The HPA's scale-up is
 * disabled so that nothing but the command changes the replicas; the pods drain for 0 ms (nothing here measures the
 * drain), so the hold's scale-down is quick. One cluster for the class; short steps.
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
        String configText = Files.readString(config);
        assertThat(configText).contains("  DRAIN_DELAY_MS: \"2000\"\n");
        Files.writeString(config, configText.replace("  DRAIN_DELAY_MS: \"2000\"\n", "  DRAIN_DELAY_MS: \"0\"\n")
                + "  SCORING_PASSES: \"60\"\n");
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
                runDir.toString(), "--start-rps", "14", "--step-rps", "1", "--steps", "30", "--step-duration", "2s");
    }

    /** Measurements of the knee tried at most, valid or not: each costs 50-70 s (its warm-up 30-45 s). */
    static final int MAX_MEASUREMENTS = 6;

    /**
     * The knee of one 300m pod, measured twice, agrees within 15 %; after each run the HPA and the replicas are as
     * before, both changes journaled before they took effect and undone, and capacity.json, the page and the console
     * show the search and the recommendation. Steps of 1 req/s from 14 req/s, 2 s each, against the plan's p99 bound
     * of 1 s: past the limit's rate the queue grows each second and the p99 climbs step after step, which is the knee
     * (KneeRule), before the backlog crosses the bound a few steps later. Steps of 1 req/s (4 % of the knee) leave
     * room for a step or two of difference between the runs; steps of 2 req/s (8 %) once gave 20 and 24. Steps of
     * 1 s put the knee 0-2.5 steps past 300m over the pod's CPU a request (a first overloaded second adds one request
     * of backlog, within the p99's noise over 20 requests); steps of 2 s within one step of it (2026-12-08).
     *
     * <p>A search during which the host starved saleday's processes (the injector, or the pod: a process on this
     * host) measured the host: it says INVALID with the stretch, exits 2, restores all the same, and is measured
     * again (at most {@value #MAX_MEASUREMENTS} in all). Each search takes the command's default warm-up, as a user's
     * would: until the held pod's own CPU a request has settled (at 14 req/s at least 30 s), at most 60 s. Fixed
     * warm-ups of 15 and 30 s let the pod's cost move between the two searches (25.1 vs 13.1 and 16.5 vs 12.9 ms of
     * CPU a request: 26 vs 15 and 19 vs 24 req/s in clean CI runs; a pod the first search's restore added can be the
     * one the second search holds, cold); with the settled warm-up 24/24, 21/23, 22/25, 23/25 and 25/23 req/s, and
     * 24/23 in a clean CI run, but 25/19 in the next clean run: the second search's pod, warm (12.9-14.9 ms at the
     * warm-up's start), got dearer during its warm-up (16.7-17.9 ms) and cost 20.4 ms a request in the steps against
     * 12.9 in the first search. Neither its JIT nor its collector (flat in warm-up.jsonl through such rises): each of
     * the machine's virtual CPUs runs 1.75x slower for a minute at a time, and the pod with it. The search now tells
     * such a pod (its cost over the steps more than 10 % off the warm-up's: INVALID), and the test measures again; on
     * a bad day most searches are (2026-12-07, two runs: 7 of 8 INVALID, 5 of them the pod's cost
     * moving, 2 the host starving with a probe of ours beside; neither run had two valid searches in four). A slow
     * stretch can also cover a whole search, warm-up and steps alike, and then the pod's cost holds and the knee is
     * the slow CPU's (2026-12-08: 19 vs 24 req/s, 17.3 vs 13.6 ms, CPU 1 at 540-625 us for host.jsonl's probe through
     * the first, 314-477 through the second): the search now reads this machine's CPU speed over its steps against
     * its usual (StepsCpuSpeed: more than 15 % slower, INVALID), and the test measures again. So it stays out of
     * mvn verify: 2-7 min, and two valid searches are not to be had on every day of this machine.
     */
    @Test
    // left out of mvn verify (-Dsaleday.excludedGroups=none runs it): see above, the machine's speed moves the knee
    @Tag("outside-budget")
    void theKneeOfOnePodMeasuredTwiceAgreesAndTheHpaAndReplicasAreRestored() throws Exception {
        kube.awaitDeploymentReady(NAMESPACE, DEPLOYMENT, Duration.ofMinutes(2));
        String before = state();
        assertThat(before).isEqualTo("hpa 2..10, replicas 2");
        List<JsonNode> results = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> warmUps = new ArrayList<>();
        for (int i = 1; i <= MAX_MEASUREMENTS && results.size() < 2; i++) {
            // each search starts from a settled Deployment: the pod the restore added has started (its start is CPU
            // the searched pod would share the host with)
            kube.awaitDeploymentReady(NAMESPACE, DEPLOYMENT, Duration.ofMinutes(2));
            Path runDir = tmp.resolve("measure-" + i);
            int exit;
            String output;
            try (SaledayProcess saleday = capacity("measure-" + i, runDir)) {
                exit = saleday.waitFor(Duration.ofMinutes(3));
                output = saleday.output();
            }
            assertThat(exit).as(output).isIn(0, 2);
            assertThat(state()).as("after run " + i).isEqualTo(before);
            assertThat(output).containsPattern("\\[\\s*\\d+s/\\s*\\d+s] step-01-14rps\\s+rate")
                    .contains("knee: ", "restored: the HPA and the replicas are as they were");
            assertThat(runDir.resolve("host.jsonl")).as("the host is recorded during the search").isNotEmptyFile();
            JsonNode result = RunRecords.json(runDir.resolve("capacity.json"));
            // the warm-up read the held pod's own CPU a request through the pod proxy window by window, and ended
            // when it settled or at its maximum; capacity.json says which
            JsonNode warmUp = result.path("warmUp");
            assertThat(warmUp.path("rateRps").asDouble()).isEqualTo(14);
            assertThat(warmUp.path("cpuMsPerRequest").size()).as(output).isGreaterThanOrEqualTo(
                    warmUp.path("settled").asBoolean() ? 4 : 1);
            // its maximum of load, then the reading under way finishes so that its line comes before the end's: the
            // pod proxy's 4 s timeout when the pod is too busy to answer, and the reader's 2 s to stop (65.03 s seen)
            assertThat(warmUp.path("tookSeconds").asDouble()).as(output)
                    .isLessThanOrEqualTo(warmUp.path("maxSeconds").asDouble() + 4 + 2);
            assertThat(output).contains("saleday capacity: warm-up: " + (warmUp.path("settled").asBoolean()
                    ? "settled after " : "not settled (its maximum) after "));
            warmUps.add("measurement " + i + ": warm-up " + warmUp.path("tookSeconds").asDouble() + " s, "
                    + warmUp.path("reason").asText() + ", windows " + warmUp.path("cpuMsPerRequest") + "; steps: "
                    + warmUp.path("steps").path("reason").asText() + "; CPUs: "
                    + result.path("cpuSpeed").path("reason").asText() + "; knee " + result.path("knee"));
            assertThat(result.path("format").asText()).isEqualTo("saleday.capacity-result");
            assertThat(result.path("version").asInt()).isEqualTo(1);
            assertThat(result.path("restored").asBoolean()).isTrue();
            assertThat(result.path("valid").asBoolean()).as(output).isEqualTo(exit == 0);
            if (exit == 2) {
                String reason = result.path("invalidReason").asText();
                assertThat(reason).satisfiesAnyOf(
                        host -> assertThat(host).startsWith("the host starved saleday's processes of CPU for ")
                                .contains("The knee may be the host's, not the pod's"),
                        pod -> assertThat(pod).startsWith("The held pod's CPU a request had not settled when the"
                                + " steps began (" + warmUp.path("reason").asText() + ", after "),
                        moved -> assertThat(moved).startsWith("The held pod's CPU a request moved between its"
                                + " warm-up and the steps (" + warmUp.path("steps").path("reason").asText() + ")"),
                        slowCpu -> assertThat(slowCpu).startsWith("This machine's CPUs ran slower than usual during"
                                + " the steps (" + result.path("cpuSpeed").path("reason").asText() + ")"));
                assertThat(output).contains("INVALID: " + reason);
                invalid.add("measurement " + i + ": " + reason + "\n" + steps(result));
                continue;
            }
            assertThat(result.path("invalidReason").isNull()).isTrue();
            // (an INVALID search may have none: a pod on a slow CPU once fell behind the warm-up's 14 req/s)
            assertThat(output).contains("recommendation for the real (unscaled) day:");
            // the steps measured the pod the warm-up settled: its CPU a request over them within 10 % of the warm-up's
            JsonNode stepsCost = warmUp.path("steps");
            assertThat(stepsCost.path("held").asBoolean()).as(output).isTrue();
            assertThat(output).contains("saleday capacity: the held pod over the steps: "
                    + stepsCost.path("reason").asText());
            if (stepsCost.path("judged").asBoolean()) {
                assertThat(stepsCost.path("cpuMsPerRequest").asDouble()).isCloseTo(
                        stepsCost.path("warmUpCpuMsPerRequest").asDouble(),
                        org.assertj.core.data.Percentage.withPercentage(10));
            }
            // the pod runs on this machine (the embedded cluster's pods are processes here): its CPUs' speed over
            // the steps was judged, and held
            JsonNode cpuSpeed = result.path("cpuSpeed");
            assertThat(cpuSpeed.path("judged").asBoolean()).as(cpuSpeed.toString()).isTrue();
            assertThat(cpuSpeed.path("held").asBoolean()).isTrue();
            assertThat(output).contains("saleday capacity: this machine's CPUs over the steps: "
                    + cpuSpeed.path("reason").asText());
            assertThat(result.path("bounds").path("maxP99Ms").asLong()).isEqualTo(1000);
            assertThat(result.path("knee").isObject()).as(output).isTrue();
            assertThat(result.path("target").path("cpuLimitMillicores").asInt()).isEqualTo(300);
            assertThat(result.path("target").path("hpa").path("scaleUp").path("selectPolicy").asText())
                    .isEqualTo("Disabled");
            JsonNode rec = result.path("recommendation");
            assertThat(rec.path("source").asText()).as("measured in the pod, not assumed")
                    .contains("req per CPU-second measured in the pod x 100 m request x 70 %");
            assertThat(rec.path("peakRps").asDouble()).isEqualTo(390);
            assertThat(rec.path("podsForPeak").asInt())
                    .isEqualTo((int) Math.ceil(390 / rec.path("perPodRpsAtTarget").asDouble() - 1e-9));
            // the knee is made by the pod's CPU limit: what 300m answers at the pod's measured cost per request
            // (the rate at the 70 % target of the 100m request, x 300 / 70) is reached before the knee
            double limitRps = rec.path("perPodRpsAtTarget").asDouble() * 300 / 70;
            assertThat(result.path("knee").path("rateRps").asDouble()).as(output)
                    .isGreaterThanOrEqualTo(0.9 * limitRps);
            // and the knee is where that limit binds: within 15 % of 300m over the pod's CPU a request over the steps
            // (what a machine whose speed moves cannot move: 2026-12-08, 17 valid searches, knee / (300 / cost)
            // 0.90-1.11 while the cost itself went 12.6-18.9 ms)
            if (stepsCost.path("judged").asBoolean()) {
                double limitOverStepsCostRps = 300 / stepsCost.path("cpuMsPerRequest").asDouble();
                assertThat(result.path("knee").path("rateRps").asDouble()).as(output)
                        .isBetween(0.85 * limitOverStepsCostRps, 1.15 * limitOverStepsCostRps);
            }
            // the pod, scraped through the API server's pod proxy, saturated at its known 300m limit: throttled
            dev.saleday.reports.observed.ServerView pod = dev.saleday.reports.observed.ServerSide.of(runDir);
            assertThat(pod.pods()).as(pod.notes().toString()).filteredOn(p -> p.predictAnswered() > 0)
                    .singleElement().satisfies(p -> {
                        assertThat(p.limitMillicores()).isEqualTo(300.0);
                        assertThat(p.throttledSeconds()).as("throttled at the limit past the knee").isPositive();
                    });
            // the HPA's scale-up is disabled here: the line says so, whatever the pods needed
            assertThat(rec.path("lines").get(3).asText()).startsWith("scale-up ")
                    .endsWith("(scale-up disabled; a sync every 15 s)");
            String page = Files.readString(runDir.resolve("report/capacity.html"));
            assertThat(page).contains("echarts", "capacity-steps", "\"knee\":", "<h2>Warm-up</h2>",
                    "This machine&#39;s CPUs over the steps: " + cpuSpeed.path("reason").asText()
                            .replace("'", "&#39;"));
            List<String> journal = RunRecords.lines(runDir.resolve("journal.jsonl")).stream()
                    .skip(1).map(l -> l.path("seq").asText() + " " + l.path("event").asText()
                            + (l.has("action") ? " " + l.path("action").asText() : "")).toList();
            assertThat(journal).containsSubsequence("1 intent scale", "1 applied", "2 intent hpa-patch", "2 applied",
                    "2 undone", "1 undone");
            results.add(result);
        }
        assertThat(results).as("two valid measurements in %d; invalid ones:%n%s", MAX_MEASUREMENTS,
                String.join("\n", invalid)).hasSize(2);
        double first = results.get(0).path("sustainedRps").asDouble();
        double second = results.get(1).path("sustainedRps").asDouble();
        System.out.printf("capacity knee twice: sustained %s and %s req/s, knee %s and %s req/s, the pod's CPU %s and %s"
                        + " ms a request (%d invalid)%n", first, second,
                results.get(0).path("knee").path("rateRps").asDouble(),
                results.get(1).path("knee").path("rateRps").asDouble(), cpuMsPerRequest(results.get(0)),
                cpuMsPerRequest(results.get(1)), invalid.size());
        warmUps.forEach(System.out::println);
        assertThat(first).isPositive();
        assertThat(Math.abs(first - second) / Math.max(first, second))
                .as("%s vs %s req/s, the pod's CPU %s vs %s ms a request%n%s%n%s%n%s", first, second,
                        cpuMsPerRequest(results.get(0)), cpuMsPerRequest(results.get(1)), steps(results.get(0)),
                        steps(results.get(1)), String.join("\n", warmUps))
                .isLessThanOrEqualTo(0.15);
    }

    /**
     * @return the pod's CPU a request over the search, ms, from the recommendation's rate at 70 % of the 100m request
     *         (that rate = requests a CPU-second x 0.1 x 0.7)
     */
    static String cpuMsPerRequest(JsonNode result) {
        double atTarget = result.path("recommendation").path("perPodRpsAtTarget").asDouble();
        return atTarget > 0 ? String.format(java.util.Locale.ROOT, "%.1f", 70 / atTarget) : "?";
    }

    /** @return each step's rate and p99, e.g. {@code 14:62 15:29 ...}: what made the knee */
    static String steps(JsonNode result) {
        StringBuilder steps = new StringBuilder();
        for (JsonNode step : result.path("steps")) {
            steps.append(step.path("rateRps").asLong()).append(':').append(step.path("p99Ms").asLong()).append(' ');
        }
        return steps.toString().trim();
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

    /**
     * The pod proxy refused by RBAC, as a cluster whose Role for saleday lacks {@code pods/proxy} refuses it: a
     * ServiceAccount of this cluster (which holds ServiceAccount tokens to RBAC) may read the Deployment and list its
     * pods, not proxy to them. Every scrape is one failure naming the missing right, the report shows it as one
     * line, and closing the scraper throws nothing. (That such records leave the verdict as the client's records
     * make it: reports' ScrapeNeverFailsTheRunTest.)
     */
    @Test
    void aPodProxyThatRbacRefusesIsOneLine() throws Exception {
        var client = kube.client();
        client.serviceAccounts().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model
                .ServiceAccountBuilder().withNewMetadata().withName("observer").endMetadata().build()).create();
        client.rbac().roles().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
                .withNewMetadata().withName("observer").endMetadata()
                .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "list", "watch").endRule()
                .addNewRule().withApiGroups("apps").withResources("deployments").withVerbs("get").endRule()
                .build()).create();
        client.rbac().roleBindings().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.rbac
                .RoleBindingBuilder().withNewMetadata().withName("observer").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "observer")
                .addNewSubject().withKind("ServiceAccount").withName("observer").withNamespace(NAMESPACE).endSubject()
                .build()).create();
        String token = client.serviceAccounts().inNamespace(NAMESPACE).withName("observer").tokenRequest(
                new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder().withNewSpec()
                        .withExpirationSeconds(600L).endSpec().build()).getStatus().getToken();
        long deniedBefore = kube.deniedRequests();
        // the pods the scraper may meet: those of now (one may be terminating after the test before) and of the end
        java.util.Set<String> pods = new java.util.TreeSet<>(podNames(client));
        Path runDir = tmp.resolve("scrape-refused");
        Files.createDirectories(runDir);
        dev.saleday.plan.Observe observe = new dev.saleday.plan.Observe("8080", "/metrics", Duration.ofMillis(200),
                null, java.util.Map.of());
        try (var observer = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(kube.apiUrl()).withOauthToken(token)
                        .withRequestRetryBackoffLimit(0).build()).build();
             var scraper = dev.saleday.recorder.metrics.PodMetricsScraper.start(observer, NAMESPACE, DEPLOYMENT,
                     observe, runDir, System.currentTimeMillis())) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    RunRecords.lines(runDir.resolve("pod-metrics.jsonl")).stream().filter(l -> l.has("reason"))
                            .count() >= 2);
        }
        assertThat(kube.deniedRequests()).as("refused by the cluster's RBAC").isGreaterThan(deniedBefore);
        var contents = dev.saleday.records.PodMetricsFile.read(runDir.resolve("pod-metrics.jsonl"));
        assertThat(contents.scrapes()).isEmpty();
        pods.addAll(podNames(client));
        assertThat(contents.failures()).allSatisfy(failure -> {
            assertThat(failure.source()).isEqualTo("pod");
            assertThat(failure.target()).isIn(pods);
            assertThat(failure.reason()).isEqualTo("the API server refused 'get pods/proxy' (RBAC): grant it to"
                    + " saleday's Role (k8s/rbac) to see the pods' metrics");
        });
        dev.saleday.reports.observed.ServerView view = dev.saleday.reports.observed.ServerSide.of(runDir);
        assertThat(view.hasData()).isFalse();
        assertThat(view.notes()).singleElement().asString().startsWith("the pods' metrics could not be read (")
                .contains("the API server refused 'get pods/proxy' (RBAC)");
    }

    private static List<String> podNames(io.fabric8.kubernetes.client.KubernetesClient client) {
        return client.pods().inNamespace(NAMESPACE).list().getItems().stream().map(p -> p.getMetadata().getName())
                .toList();
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
