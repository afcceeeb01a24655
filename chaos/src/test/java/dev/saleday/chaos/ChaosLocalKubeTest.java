package dev.saleday.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import dev.saleday.plan.Action;
import dev.saleday.plan.Count;
import dev.saleday.plan.Fault;
import dev.saleday.plan.Guards;
import dev.saleday.plan.LabelSelector;
import dev.saleday.plan.Plan;
import dev.saleday.plan.Trigger;
import dev.saleday.records.TimelineFile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The actions against localkube: the reference model from k8s/overlays/local (2 replicas, PDB maxUnavailable 20%),
 * pods running as processes, controllers replacing and rolling them. One cluster for the class; every test leaves
 * the Deployment as it found it (2 ready pods of v1.0).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosLocalKubeTest {

    static final String NS = "shop";
    static final String DEPLOYMENT = "recommendation";
    static final String V1 = "saleday/recommendation:v1.0";
    static final String V2 = "saleday/recommendation:v1.1";
    static final Duration STEADY = Duration.ofSeconds(90);

    static LocalKube kube;
    static KubernetesClient client;
    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        kube = LocalKube.start(LocalKubeConfig.defaults()
                .withNodeNames(List.of("local-node-a", "local-node-b"))
                .withRestartBackOffBase(Duration.ofSeconds(1)));
        kube.apply(overlay());
        // Pin the HPA at 2: pod counts in these tests are the tests' own, not a reaction to JVM start-up CPU.
        client0().autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName(DEPLOYMENT).patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"minReplicas\":2,\"maxReplicas\":2}}");
        // The production path: a kubeconfig file and its context, nothing localkube-specific.
        client = KubeconfigContext.open(kube.kubeconfigPath(), TestPlans.CONTEXT);
        awaitSteady(V1);
    }

    static KubernetesClient client0() {
        return kube.client();
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.close();
        }
        if (kube != null) {
            kube.close();
        }
    }

    static Path overlay() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("k8s/overlays/local"))) {
                return d.resolve("k8s/overlays/local");
            }
        }
        throw new IllegalStateException("k8s/overlays/local not found above " + Path.of("").toAbsolutePath());
    }

    static List<Pod> livePods() {
        return client.pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> DEPLOYMENT.equals(Pods.labels(p).get("app")) && !Pods.isTerminating(p)).toList();
    }

    /** 2 ready pods of the image, no other pod left, the Deployment at rest. */
    static void awaitSteady(String image) {
        await().atMost(STEADY).pollInterval(Duration.ofMillis(250)).until(() -> {
            var d = client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get();
            List<Pod> all = client.pods().inNamespace(NS).list().getItems();
            return d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas())
                    && Integer.valueOf(2).equals(d.getStatus().getUpdatedReplicas())
                    && all.size() == 2 && all.stream().allMatch(p -> Pods.isReady(p) && !Pods.isTerminating(p)
                    && image.equals(p.getSpec().getContainers().get(0).getImage()));
        });
    }

    static Plan plan(List<Fault> faults, Guards guards) {
        return TestPlans.plan(NS, DEPLOYMENT, "model", faults, guards, Duration.ofMinutes(2));
    }

    static Guards guards() {
        return new Guards(List.of(), List.of(), Count.percent(50), false, null);
    }

    ActionHarness harness() {
        return new ActionHarness(client, plan(List.of(), guards()));
    }

    /** The model's PDB (k8s/base/pdb.yaml: maxUnavailable 20%, i.e. 1 of 2 pods). */
    static void pdbMaxUnavailable(String value) {
        String json = value.endsWith("%") ? "\"" + value + "\"" : value;
        client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(DEPLOYMENT).patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"maxUnavailable\":" + json + "}}");
    }

    @AfterEach
    void backToSteady() {
        pdbMaxUnavailable("20%");
        client.nodes().list().getItems().forEach(n -> new Undo.Uncordon(n.getMetadata().getName()).undo(client));
        awaitSteady(V1);
    }

    @Test
    @Order(1)
    void aKillShowsTerminatingThenTheReplacementScheduledThenReady() throws Exception {
        Plan plan = plan(List.of(new Fault("kill-one", new Trigger.At(null, Duration.ZERO),
                new Action.PodKill(LabelSelector.parse("app=recommendation"), Count.of(1), Action.PodPick.OLDEST,
                        null), null)), guards());
        Path runDir = dir.resolve("run");
        Path timeline = runDir.resolve(TimelineFile.FILE_NAME);
        try (ChaosRun run = ChaosRun.start(ChaosRun.Settings.of(plan, client, TestPlans.CONTEXT, runDir,
                CompletableFuture.completedFuture(System.currentTimeMillis()), ProbeWindow.none()))) {
            try {
                await().atMost(STEADY).until(() -> replacementReady(timeline));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no replacement ready; timeline:\n" + String.join("\n",
                        Timelines.lines(timeline).stream().map(JsonNode::toString).toList()), e);
            }
        }
        List<JsonNode> lines = Timelines.lines(timeline);
        try {
            checkKillTimeline(lines, runDir);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ntimeline:\n" + String.join("\n",
                    lines.stream().map(JsonNode::toString).toList()), e);
        }
    }

    static void checkKillTimeline(List<JsonNode> lines, Path runDir) {
        JsonNode applied = lines.stream().filter(l -> "chaos".equals(l.path("kind").asText())
                && "applied".equals(l.path("event").asText())).findFirst().orElseThrow();
        String killed = applied.path("targets").get(0).asText().substring("Pod/".length());
        // "applied" is written once the delete returned; the informer may see the pod terminating before that.
        long appliedAt = lines.stream().filter(l -> "chaos".equals(l.path("kind").asText())
                && "start".equals(l.path("event").asText())).findFirst().orElseThrow().path("t").asLong();
        long terminating = time(lines, killed, "terminating");
        String replacement = replacement(lines, killed);
        long scheduled = time(lines, replacement, "scheduled");
        long ready = time(lines, replacement, "ready");
        assertThat(appliedAt).isLessThanOrEqualTo(terminating);
        assertThat(terminating).isLessThanOrEqualTo(scheduled);
        assertThat(scheduled).isLessThan(ready);
        // Plausible: the model takes its STARTUP_DELAY (2 s) to be ready; the whole replacement under a minute.
        assertThat(ready - scheduled).isBetween(1_000L, 60_000L);
        assertThat(lines.stream().filter(l -> isPod(l, "scheduled", replacement)).findFirst().orElseThrow()
                .path("node").asText()).startsWith("local-node-");
        assertThat(Timelines.journalEvents(runDir)).containsExactly("1:intent", "1:applied", "1:undone");
    }

    /** The first pod created after the killed one started terminating (the ReplicaSet's answer to the kill). */
    static String replacement(List<JsonNode> lines, String killed) {
        int terminating = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (isPod(lines.get(i), "terminating", killed)) {
                terminating = i;
                break;
            }
        }
        if (terminating < 0) {
            return null;
        }
        return lines.subList(terminating, lines.size()).stream().filter(l -> isPod(l, "created", null))
                .map(l -> l.path("pod").asText()).findFirst().orElse(null);
    }

    static boolean replacementReady(Path timeline) {
        List<JsonNode> lines = Timelines.lines(timeline);
        String killed = lines.stream().filter(l -> "chaos".equals(l.path("kind").asText())
                        && "applied".equals(l.path("event").asText()))
                .map(l -> l.path("targets").get(0).asText().substring("Pod/".length())).findFirst().orElse(null);
        String replacement = killed == null ? null : replacement(lines, killed);
        return replacement != null && lines.stream().anyMatch(l -> isPod(l, "ready", replacement));
    }

    static boolean isPod(JsonNode line, String event, String pod) {
        return "pod".equals(line.path("kind").asText()) && event.equals(line.path("event").asText())
                && (pod == null || pod.equals(line.path("pod").asText()));
    }

    static long time(List<JsonNode> lines, String pod, String event) {
        return lines.stream().filter(l -> isPod(l, event, pod)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + event + " line for " + pod)).path("t").asLong();
    }

    @Test
    @Order(2)
    void rolloutRollsThePodsAndUndoRollsThemBack() throws Exception {
        Undo undo = harness().apply(new Action.Rollout(null, null, V2));
        // The effect: the Deployment controller rolls, a v1.1 pod comes up ready (the whole roll costs JVM starts).
        await().atMost(STEADY).until(() -> livePods().stream().anyMatch(p -> Pods.isReady(p)
                && V2.equals(p.getSpec().getContainers().get(0).getImage())));
        undo.undo(client);
        awaitSteady(V1);
    }

    @Test
    @Order(3)
    void drainEvictsThroughTheEvictionApiAndThePdbHolds() throws Exception {
        String node = livePods().get(0).getSpec().getNodeName();
        pdbMaxUnavailable("0");
        // No blast-radius cap here: both pods may sit on this node, and the PDB alone must hold.
        ActionHarness held = new ActionHarness(client, plan(List.of(), TestPlans.guards()));
        ActionContext shortDrain = new ActionContext(client, held.plan, NS, List.of(NS), held.blastRadius,
                held.options.withDrainTimeout(Duration.ofSeconds(3)), () -> false, System::currentTimeMillis);
        Step step = FaultAction.of(new Action.NodeDrain(node)).prepare(shortDrain);
        List<String> before = livePods().stream().filter(p -> node.equals(p.getSpec().getNodeName()))
                .map(p -> p.getMetadata().getName()).toList();
        String result = step.effect().apply(client);
        assertThat(result).contains("evicted 0 of " + before.size()).contains("still refused");
        assertThat(livePods().stream().map(p -> p.getMetadata().getName())).containsAll(before);
        assertThat(client.nodes().withName(node).get().getSpec().getUnschedulable()).isTrue();
        step.undo().undo(client);
        assertThat(client.nodes().withName(node).get().getSpec().getUnschedulable()).isFalse();

        pdbMaxUnavailable("20%");
        Undo uncordon = held.apply(new Action.NodeDrain(node));
        await().atMost(STEADY).until(() -> livePods().stream().noneMatch(p -> node.equals(p.getSpec().getNodeName()))
                && livePods().stream().filter(Pods::isReady).count() == 2);
        assertThat(client.nodes().withName(node).get().getSpec().getUnschedulable()).isTrue();
        uncordon.undo(client);
        assertThat(client.nodes().withName(node).get().getSpec().getUnschedulable()).isFalse();
    }

    @Test
    @Order(4)
    void scaleHpaPatchAndConfigChangeAndTheirUndo() throws Exception {
        ActionHarness harness = harness();
        Undo scale = harness.apply(new Action.Scale(null, 3));
        // The HPA (min 2) owns the count and takes it back within its sync period: check the write, not the pods.
        assertThat(client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get().getSpec().getReplicas())
                .isEqualTo(3);
        scale.undo(client);
        assertThat(client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get().getSpec().getReplicas())
                .isEqualTo(2);
        Undo hpa = harness.apply(new Action.HpaPatch(null, null, 4));
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName(DEPLOYMENT).get()
                .getSpec().getMaxReplicas()).isEqualTo(4);
        hpa.undo(client);
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName(DEPLOYMENT).get()
                .getSpec().getMaxReplicas()).isEqualTo(2);
        Undo config = harness.apply(new Action.ConfigChange("recommendation-config",
                Map.of("FAULT_LATENCY_MS", "50"), false, null));
        assertThat(client.configMaps().inNamespace(NS).withName("recommendation-config").get().getData())
                .containsEntry("FAULT_LATENCY_MS", "50");
        config.undo(client);
        assertThat(client.configMaps().inNamespace(NS).withName("recommendation-config").get().getData())
                .containsEntry("FAULT_LATENCY_MS", "0");
    }

    /** What a user set: specs, labels, annotations of everything in the namespace, and the nodes. */
    static Map<String, String> desiredState() {
        Map<String, String> state = new TreeMap<>();
        List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new ArrayList<>();
        objects.addAll(client.apps().deployments().inNamespace(NS).list().getItems());
        objects.addAll(client.pods().inNamespace(NS).list().getItems());
        objects.addAll(client.configMaps().inNamespace(NS).list().getItems());
        objects.addAll(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).list().getItems());
        objects.addAll(client.policy().v1().podDisruptionBudget().inNamespace(NS).list().getItems());
        objects.addAll(client.nodes().list().getItems());
        for (var o : objects) {
            JsonNode tree = ChaosJson.tree(o);
            state.put(o.getKind() + "/" + o.getMetadata().getName(), tree.path("spec").toString()
                    + tree.path("data") + o.getMetadata().getLabels() + o.getMetadata().getAnnotations()
                    + o.getMetadata().getDeletionTimestamp());
        }
        return state;
    }

    @Test
    @Order(5)
    void dryRunChangesNothing() throws Exception {
        String node = livePods().get(0).getSpec().getNodeName();
        Map<String, String> before = desiredState();
        Plan plan = plan(List.of(
                new Fault("kill", new Trigger.At(null, Duration.ZERO), new Action.PodKill(
                        LabelSelector.parse("app=recommendation"), Count.of(1), Action.PodPick.RANDOM, Duration.ZERO), null),
                new Fault("release", new Trigger.At(null, Duration.ZERO), new Action.Rollout(null, null, V2), null),
                new Fault("drain", new Trigger.At(null, Duration.ZERO), new Action.NodeDrain(node), null),
                new Fault("bump", new Trigger.At(null, Duration.ZERO), new Action.Scale(null, 4), null),
                new Fault("slow", new Trigger.At(null, Duration.ZERO), new Action.ConfigChange("recommendation-config",
                        Map.of("FAULT_LATENCY_MS", "300"), true, null), null)), guards());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (ChaosRun run = ChaosRun.start(ChaosRun.Settings.of(plan, client, TestPlans.CONTEXT, dir.resolve("dry"),
                        CompletableFuture.completedFuture(System.currentTimeMillis()), ProbeWindow.none())
                .withDryRun(true).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> console.toString().lines()
                    .filter(l -> l.startsWith("DRY-RUN")).count() == 5);
        }
        assertThat(console.toString()).contains("cordon Node/" + node).contains("Deployment/recommendation");
        assertThat(desiredState()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void aChaosProcessKilledMidRolloutIsUndoneByRecover() throws Exception {
        Path runDir = dir.resolve("killed");
        Process child = ChildProcess.start(kube.kubeconfigPath(), runDir, NS, dir.resolve("child.out"),
                DEPLOYMENT + ":model:" + V2);
        try {
            await().atMost(STEADY).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!child.isAlive()) {
                    throw new AssertionError("child exited: " + Files.readString(dir.resolve("child.out")));
                }
                return Timelines.journalEvents(runDir).contains("1:applied");
            });
            child.destroyForcibly(); // kill -9, mid-rollout
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage()).isEqualTo(V2);
        assertThat(Recovery.recover(runDir, client)).singleElement().satisfies(o -> assertThat(o.undone()).isTrue());
        assertThat(Recovery.recover(runDir, client)).isEmpty();
        awaitSteady(V1);
    }

    static String image() {
        return client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }

    static Fault at(String name, Duration offset, Action action) {
        return new Fault(name, new Trigger.At(null, offset), action, null);
    }

    ChaosRun.Settings runSettings(Plan plan, Path runDir, ProbeWindow probe, ByteArrayOutputStream console) {
        return ChaosRun.Settings.of(plan, client, TestPlans.CONTEXT, runDir,
                        CompletableFuture.completedFuture(System.currentTimeMillis()), probe)
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @Test
    @Order(7)
    void thePdbAndTheBlastRadiusCapHoldOnRealPods() throws Exception {
        List<String> before = livePods().stream().map(p -> p.getMetadata().getName()).toList();
        Action killBoth = new Action.PodKill(LabelSelector.parse("app=recommendation"), Count.of(2),
                Action.PodPick.OLDEST, Duration.ZERO);
        // The PDB alone: with maxUnavailable 0 no pod may go, whatever the plan asks.
        pdbMaxUnavailable("0");
        Step held = harness().prepare(killBoth);
        assertThat(held.isSkipped()).isTrue();
        assertThat(held.skipReason()).contains("held by PodDisruptionBudget/" + DEPLOYMENT);
        pdbMaxUnavailable("20%");

        // The cap over a whole run (PDB waived, so the cap alone decides): 1 pod, whatever the faults ask.
        Guards capOfOne = new Guards(List.of(), List.of(), Count.of(1), true, null);
        Path runDir = dir.resolve("cap");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (ChaosRun run = ChaosRun.start(runSettings(plan(List.of(at("k1", Duration.ZERO, killBoth),
                at("k2", Duration.ofSeconds(2), killBoth)), capOfOne), runDir, ProbeWindow.none(), console))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Timelines.chaosEvents(runDir).contains("k2:skipped"));
            assertThat(run.podsKilled()).isEqualTo(1);
            List<String> alive = livePods().stream().map(p -> p.getMetadata().getName()).toList();
            assertThat(before.stream().filter(alive::contains)).as("the first pods still alive").hasSize(1);
        }
        assertThat(console.toString()).contains("capped from 2 to 1 by guards.maxPodsKilled")
                .containsPattern("capped from [12] to 0 by guards.maxPodsKilled");
    }

    @Test
    @Order(8)
    void theAbortGuardStopsTheFaultsAndUndoesTheRollout() throws Exception {
        FakeProbe probe = new FakeProbe();
        Guards abortAtTwentyPercent = new Guards(List.of(), List.of(), Count.percent(50), false,
                new Guards.AbortWhen(0.2, Duration.ofMillis(500)));
        Path runDir = dir.resolve("abort");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (ChaosRun run = ChaosRun.start(runSettings(plan(List.of(at("release", Duration.ZERO,
                        new Action.Rollout(null, null, V2)), at("later", Duration.ofSeconds(60),
                        new Action.Scale(null, 4))), abortAtTwentyPercent), runDir, probe, console))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> V2.equals(image()));
            // the probe sees errors during the roll: the guard fires after its hold and undoes what was applied
            probe.errorRate = 0.5;
            await().atMost(Duration.ofSeconds(30)).until(() -> run.abortReason() != null && V1.equals(image()));
            assertThat(run.abortReason()).contains("50.0%").contains("20.0%");
        }
        assertThat(Timelines.chaosEvents(runDir)).containsSubsequence("release:applied", "null:abort",
                "release:undone").doesNotContain("later:start");
        assertThat(client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get().getSpec().getReplicas())
                .isEqualTo(2);
        awaitSteady(V1);
    }

    @Test
    @Order(9)
    void aReleaseWhoseImageNeverBecomesReadyEndsProgressDeadlineExceededAndItsUndoRestoresTheTemplate()
            throws Exception {
        var deployment = client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT);
        var merge = io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE);
        deployment.patch(merge, "{\"spec\":{\"progressDeadlineSeconds\":3}}");
        var templateBefore = deployment.get().getSpec().getTemplate();
        Path runDir = dir.resolve("stuck");
        try {
            // an image no registry has: the new pod waits in ErrImagePull/ImagePullBackOff and is never ready
            try (ChaosRun run = ChaosRun.start(runSettings(plan(List.of(at("bad-release", Duration.ZERO,
                    new Action.Rollout(null, null, "saleday/recommendation-missing:v1.1"))), guards()), runDir,
                    ProbeWindow.none(), new ByteArrayOutputStream()))) {
                var stuck = await().atMost(Duration.ofSeconds(30)).until(deployment::get,
                        d -> d.getStatus() != null && d.getStatus().getConditions() != null
                                && d.getStatus().getConditions().stream().anyMatch(c -> "Progressing".equals(c.getType())
                                && "ProgressDeadlineExceeded".equals(c.getReason())));
                var progressing = stuck.getStatus().getConditions().stream()
                        .filter(c -> "Progressing".equals(c.getType())).findFirst().orElseThrow();
                assertThat(progressing.getStatus()).isEqualTo("False");
                assertThat(progressing.getMessage()).endsWith("has timed out progressing.");
                assertThat(stuck.getStatus().getReadyReplicas()).as("the old pods still serve").isEqualTo(2);
                await().atMost(Duration.ofSeconds(10)).until(() -> Timelines.lines(runDir.resolve(
                        TimelineFile.FILE_NAME)).stream().anyMatch(l -> "deployment".equals(l.path("kind").asText())
                        && "ProgressDeadlineExceeded".equals(l.path("progressing").asText())));
            }
            // the end of the run undid the release: the template as it was, and the rollout is over
            assertThat(deployment.get().getSpec().getTemplate()).isEqualTo(templateBefore);
            assertThat(Timelines.chaosEvents(runDir)).containsSubsequence("bad-release:applied", "bad-release:undone");
            awaitSteady(V1);
            await().atMost(Duration.ofSeconds(10)).until(() -> deployment.get().getStatus().getConditions().stream()
                    .anyMatch(c -> "Progressing".equals(c.getType()) && "True".equals(c.getStatus())));
        } finally {
            deployment.patch(merge, "{\"spec\":{\"progressDeadlineSeconds\":600}}");
        }
    }

    @Test
    @Order(10)
    void aPodCrashKillsTheContainerProcessAndTheKubeletRestartsItInItsPod() throws Exception {
        Pod oldest = livePods().stream().min(java.util.Comparator.comparing(
                (Pod p) -> p.getMetadata().getCreationTimestamp()).thenComparing(p -> p.getMetadata().getName()))
                .orElseThrow();
        String name = oldest.getMetadata().getName();
        Undo undo = harness().apply(new Action.PodCrash(LabelSelector.parse("app=recommendation"), Count.of(1),
                Action.PodPick.OLDEST));
        assertThat(undo).isInstanceOf(Undo.AwaitReplaced.class);
        Pod restarted = await().atMost(STEADY).until(() -> client.pods().inNamespace(NS).withName(name).get(),
                p -> p != null && Pods.isReady(p)
                        && p.getStatus().getContainerStatuses().get(0).getRestartCount() == 1);
        assertThat(restarted.getMetadata().getUid()).as("the same pod, restarted, not replaced")
                .isEqualTo(oldest.getMetadata().getUid());
        assertThat(restarted.getMetadata().getDeletionTimestamp()).isNull();
        undo.undo(client);
    }
}
