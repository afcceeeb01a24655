package dev.saleday.chaos;

import dev.saleday.plan.Action;
import dev.saleday.plan.Count;
import dev.saleday.plan.Fault;
import dev.saleday.plan.Guards;
import dev.saleday.plan.LabelSelector;
import dev.saleday.plan.Plan;
import dev.saleday.plan.Trigger;
import dev.saleday.records.Journal;
import dev.saleday.records.JournalFile;
import dev.saleday.records.JournalReader;
import dev.saleday.records.TimelineFile;
import dev.saleday.records.TimelineWriter;
import dev.saleday.recorder.Recorder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** ChaosRun end to end against the CRUD mock: scheduling, dry run, guards, abort, undo at close. */
class ChaosRunMockTest {

    @RegisterExtension
    static final OnMockApiServer api = new OnMockApiServer();
    String namespace;
    @TempDir
    Path runDir;
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void freshNamespace(TestInfo info) {
        namespace = "r-" + info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        Fixtures.namespace(api.client(), namespace);
        Fixtures.deployment(api.client(), namespace, 3, "web:v1");
    }

    ChaosRun.Settings settings(Plan plan, ProbeWindow probe) {
        return ChaosRun.Settings.of(plan, api.client(), TestPlans.CONTEXT, runDir,
                        CompletableFuture.completedFuture(System.currentTimeMillis()), probe)
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))
                .withOptions(ChaosOptions.defaults().withVerifyTimeout(Duration.ofSeconds(1)));
    }

    static Fault at(String name, Duration offset, Action action) {
        return new Fault(name, new Trigger.At(null, offset), action, null);
    }

    String image() {
        return api.client().apps().deployments().inNamespace(namespace).withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    int replicas() {
        return api.client().apps().deployments().inNamespace(namespace).withName("web").get().getSpec().getReplicas();
    }

    List<String> snapshot() {
        List<String> objects = new ArrayList<>();
        api.client().apps().deployments().inNamespace(namespace).list().getItems().forEach(o -> objects.add(Serialization.asJson(o)));
        api.client().pods().inNamespace(namespace).list().getItems().forEach(o -> objects.add(Serialization.asJson(o)));
        api.client().configMaps().inNamespace(namespace).list().getItems().forEach(o -> objects.add(Serialization.asJson(o)));
        api.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).list().getItems()
                .forEach(o -> objects.add(Serialization.asJson(o)));
        api.client().nodes().list().getItems().forEach(o -> objects.add(Serialization.asJson(o)));
        return objects;
    }

    @Test
    void chaosStartedBesideTheRecorderUndoesIntoItsTimelineAndLeavesBothToTheCaller() throws Exception {
        Plan plan = TestPlans.plan(namespace, List.of(at("bump", Duration.ZERO, new Action.Scale(null, 5))),
                TestPlans.guards());
        Path file = runDir.resolve(TimelineFile.FILE_NAME);
        try (TimelineWriter timeline = TimelineWriter.open(runDir, namespace);
             Recorder recorder = new Recorder(api.client(), namespace, timeline).start()) {
            try (ChaosRun run = ChaosRun.start(settings(plan, ProbeWindow.none()), timeline, recorder)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> replicas() == 5);
                assertThat(run.timeline()).isSameAs(timeline);
                assertThat(run.recorder()).isSameAs(recorder);
            }
            assertThat(replicas()).isEqualTo(3);
            // chaos has closed: the recorder still records into the timeline, which still takes lines
            api.client().apps().deployments().inNamespace(namespace).withName("web")
                    .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(7).endSpec().build());
            await().atMost(Duration.ofSeconds(20)).until(() -> Timelines.ofKind(file, "deployment").stream()
                    .anyMatch(l -> l.path("replicas").asInt() == 7));
            timeline.phase("after-chaos", "end");
        }
        assertThat(Timelines.chaosEvents(runDir)).containsSubsequence("bump:start", "bump:applied", "bump:undo",
                "bump:undone");
        assertThat(Timelines.ofKind(file, "phase")).anyMatch(l -> l.path("name").asText().equals("after-chaos"));
    }

    @Test
    void faultsFireOnScheduleAndCloseUndoesThemNewestFirst() throws Exception {
        Plan plan = TestPlans.plan(namespace, List.of(
                at("bump", Duration.ZERO, new Action.Scale(null, 5)),
                at("release", Duration.ofMillis(300), new Action.Rollout(null, "app", "web:v2"))), TestPlans.guards());
        try (ChaosRun run = ChaosRun.start(settings(plan, ProbeWindow.none()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> image().equals("web:v2") && replicas() == 5);
        }
        assertThat(image()).isEqualTo("web:v1");
        assertThat(replicas()).isEqualTo(3);
        assertThat(Timelines.journalEvents(runDir)).containsExactly("1:intent", "1:applied", "2:intent", "2:applied",
                "2:undone", "1:undone");
        assertThat(Timelines.chaosEvents(runDir)).containsSubsequence("bump:start", "bump:applied", "release:start",
                "release:applied", "release:undo", "release:undone", "bump:undo", "bump:undone");
        assertThat(JournalReader.read(runDir.resolve(JournalFile.FILE_NAME)).pending()).isEmpty();
    }

    @Test
    void revertAfterUndoesBeforeTheEnd() throws Exception {
        Plan plan = TestPlans.plan(namespace, List.of(new Fault("blip", new Trigger.At(null, Duration.ZERO),
                new Action.Scale(null, 1), Duration.ofMillis(500))), TestPlans.guards());
        try (ChaosRun run = ChaosRun.start(settings(plan, ProbeWindow.none()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> Timelines.journalEvents(runDir).contains("1:undone"));
            assertThat(replicas()).isEqualTo(3);
        }
    }

    @Test
    void everyFiresNTimes() throws Exception {
        Plan plan = TestPlans.plan(namespace, List.of(new Fault("restarts", new Trigger.Every(
                new Trigger.At(null, Duration.ZERO), Duration.ofMillis(200), 3), new Action.Rollout(null, null, null),
                null)), TestPlans.guards());
        try (ChaosRun run = ChaosRun.start(settings(plan, ProbeWindow.none()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> Timelines.journalEvents(runDir).stream()
                    .filter(e -> e.endsWith(":applied")).count() == 3);
        }
        assertThat(Timelines.journalEvents(runDir).stream().filter(e -> e.endsWith(":undone")).count()).isEqualTo(3);
        assertThat(api.client().apps().deployments().inNamespace(namespace).withName("web").get().getSpec()
                .getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void conditionTriggerFiresWhenTheProbeSaysSo() throws Exception {
        FakeProbe probe = new FakeProbe();
        Plan plan = TestPlans.plan(namespace, List.of(new Fault("slow", new Trigger.When(new dev.saleday.plan.Condition(
                dev.saleday.plan.Condition.Metric.PROBE_P99_MILLIS, dev.saleday.plan.Condition.Comparison.GT, 100),
                Duration.ofMillis(300)), new Action.Scale(null, 6), null)), TestPlans.guards());
        long startMs = System.currentTimeMillis();
        try (ChaosRun run = ChaosRun.start(settings(plan, probe))) {
            // the condition does not hold yet: nothing may fire, though the trigger read the p99 over more than
            // twice its 300 ms hold (the positive control: the trigger did evaluate meanwhile)
            await().atMost(Duration.ofSeconds(20)).until(() -> probe.p99ReadSpanMillis(startMs) >= 700);
            assertThat(replicas()).isEqualTo(3);
            assertThat(Timelines.chaosEvents(runDir)).doesNotContain("slow:start");
            probe.p99Millis = 500;
            await().atMost(Duration.ofSeconds(20)).until(() -> replicas() == 6);
        }
        assertThat(replicas()).isEqualTo(3);
    }

    @Test
    void conditionTriggerFiresWhenTheDeploymentSaysSo() throws Exception {
        readyReplicas(3);
        // "at-three" is the positive control: the same kind of trigger over the same ready count, started with
        // "at-five" and polled as often on the same thread, whose condition holds from the start; its hold is twice
        // as long, so when it fires "at-five" has been evaluated for twice its own hold
        Plan plan = TestPlans.plan(namespace, List.of(
                new Fault("at-three", new Trigger.When(new dev.saleday.plan.Condition(
                        dev.saleday.plan.Condition.Metric.READY_REPLICAS, dev.saleday.plan.Condition.Comparison.GE, 3),
                        Duration.ofMillis(600)), new Action.Scale(null, 4), null),
                new Fault("at-five", new Trigger.When(new dev.saleday.plan.Condition(
                        dev.saleday.plan.Condition.Metric.READY_REPLICAS, dev.saleday.plan.Condition.Comparison.GE, 5),
                        Duration.ofMillis(300)), new Action.Rollout(null, "app", "web:v2"), null)), TestPlans.guards());
        try (ChaosRun run = ChaosRun.start(settings(plan, ProbeWindow.none()))) {
            // 3 ready of the 5 "at-five" wants: it may not fire
            await().atMost(Duration.ofSeconds(20)).until(() -> replicas() == 4);
            assertThat(image()).isEqualTo("web:v1");
            assertThat(Timelines.chaosEvents(runDir)).doesNotContain("at-five:start");
            readyReplicas(5);
            await().atMost(Duration.ofSeconds(20)).until(() -> image().equals("web:v2"));
        }
        assertThat(Timelines.chaosEvents(runDir)).containsSubsequence("at-five:start", "at-five:applied");
    }

    @Test
    void aPhaseRelativeTriggerFiresThatLongAfterThePhaseStarts() throws Exception {
        // the test plan's load: baseline for the first half, peak for the second; peak+300ms = 1.3 s into a 2 s load
        Plan plan = TestPlans.plan(namespace, List.of(new Fault("release", new Trigger.At("peak",
                Duration.ofMillis(300)), new Action.Rollout(null, "app", "web:v2"), null)), TestPlans.guards(),
                Duration.ofSeconds(2));
        long loadStart = System.currentTimeMillis();
        try (ChaosRun run = ChaosRun.start(ChaosRun.Settings.of(plan, api.client(), TestPlans.CONTEXT, runDir,
                        CompletableFuture.completedFuture(loadStart), ProbeWindow.none())
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> image().equals("web:v2"));
        }
        long firedAt = Timelines.ofKind(runDir.resolve(TimelineFile.FILE_NAME), "chaos").stream()
                .filter(l -> "release".equals(l.path("fault").asText()) && "start".equals(l.path("event").asText()))
                .findFirst().orElseThrow().path("t").asLong();
        assertThat(firedAt - loadStart).as("ms after the load's start").isBetween(1300L, 2500L);
    }

    void readyReplicas(int ready) {
        var deployments = api.client().apps().deployments().inNamespace(namespace);
        var deployment = deployments.withName("web").get();
        deployment.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(ready)
                .withReadyReplicas(ready).build());
        deployments.resource(deployment).updateStatus();
    }

    @Test
    void dryRunPrintsTheObjectsAndChangesNothing() throws Exception {
        for (int i = 0; i < 3; i++) {
            Fixtures.readyPod(api.client(), namespace, "web-" + i, "n1", "2026-11-28T10:0" + i + ":00Z");
        }
        Fixtures.configMap(api.client(), namespace, java.util.Map.of("FAULT_LATENCY_MS", "0"));
        List<String> before = snapshot();
        Plan plan = TestPlans.plan(namespace, List.of(
                at("kill", Duration.ZERO, new Action.PodKill(LabelSelector.parse("app=web"), Count.of(1),
                        Action.PodPick.OLDEST, Duration.ZERO)),
                at("release", Duration.ZERO, new Action.Rollout(null, "app", "web:v2")),
                at("slow", Duration.ZERO, new Action.ConfigChange("web-config",
                        java.util.Map.of("FAULT_LATENCY_MS", "300"), true, null)),
                at("bump", Duration.ZERO, new Action.Scale(null, 5))), TestPlans.guards());
        try (ChaosRun run = ChaosRun.start(settings(plan, ProbeWindow.none()).withDryRun(true))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> console.toString().lines()
                    .filter(l -> l.startsWith("DRY-RUN")).count() == 4);
        }
        assertThat(snapshot()).isEqualTo(before);
        String printed = console.toString();
        assertThat(printed).contains("DRY-RUN kill (pod-kill): would delete [Pod/web-0]")
                .contains("set image of container app in Deployment/web from web:v1 to web:v2")
                .contains("ConfigMap/web-config").contains("scale Deployment/web from 3 to 5");
        assertThat(Timelines.chaosEvents(runDir)).contains("kill:dry-run", "release:dry-run", "slow:dry-run",
                "bump:dry-run");
        assertThat(runDir.resolve(JournalFile.FILE_NAME)).doesNotExist();
    }

    @Test
    void abortGuardStopsInjectingAndUndoes() throws Exception {
        FakeProbe probe = new FakeProbe();
        Guards guards = new Guards(List.of(), List.of(), null, false,
                new Guards.AbortWhen(0.2, Duration.ofMillis(500)));
        Plan plan = TestPlans.plan(namespace, List.of(
                at("release", Duration.ZERO, new Action.Rollout(null, "app", "web:v2")),
                at("later", Duration.ofSeconds(8), new Action.Scale(null, 7))), guards);
        try (ChaosRun run = ChaosRun.start(settings(plan, probe))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> image().equals("web:v2"));
            probe.errorRate = 0.5;
            await().atMost(Duration.ofSeconds(20)).until(() -> run.abortReason() != null && image().equals("web:v1"));
            assertThat(run.abortReason()).contains("50.0%").contains("20.0%");
        }
        assertThat(replicas()).isEqualTo(3); // "later" never fired
        assertThat(Timelines.chaosEvents(runDir)).containsSubsequence("release:applied", "null:abort", "release:undone")
                .doesNotContain("later:start");
    }

    @Test
    void abortGuardWaitsForTheHoldTime() throws Exception {
        FakeProbe probe = new FakeProbe();
        Guards guards = new Guards(List.of(), List.of(), null, false,
                new Guards.AbortWhen(0.2, Duration.ofSeconds(30)));
        Plan plan = TestPlans.plan(namespace, List.of(at("release", Duration.ZERO,
                new Action.Rollout(null, "app", "web:v2"))), guards);
        probe.errorRate = 0.9;
        try (ChaosRun run = ChaosRun.start(settings(plan, probe))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> image().equals("web:v2"));
            long appliedMs = System.currentTimeMillis();
            // the guard read the 90 % error rate for more than a second after the release (the positive control:
            // it did evaluate), well under the 30 s hold: it must not fire
            await().atMost(Duration.ofSeconds(20)).until(() -> probe.errorRateReadSpanMillis(appliedMs) >= 1000);
            assertThat(run.abortReason()).isNull();
        }
    }

    @Test
    void maxPodsKilledHoldsOverTheWholeRun() throws Exception {
        for (int i = 0; i < 3; i++) {
            Fixtures.readyPod(api.client(), namespace, "web-" + i, "n1", "2026-11-28T10:0" + i + ":00Z");
        }
        Action kill = new Action.PodKill(LabelSelector.parse("app=web"), Count.of(1), Action.PodPick.OLDEST,
                Duration.ZERO);
        Plan plan = TestPlans.plan(namespace, List.of(at("k1", Duration.ZERO, kill),
                at("k2", Duration.ofMillis(200), kill)), TestPlans.maxPodsKilled(Count.of(1)));
        try (ChaosRun run = ChaosRun.start(settings(plan, ProbeWindow.none()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> Timelines.chaosEvents(runDir).contains("k2:skipped"));
            assertThat(run.podsKilled()).isEqualTo(1);
        }
        assertThat(api.client().pods().inNamespace(namespace).list().getItems()).hasSize(2);
    }

    @Test
    void aFailingActionIsRecordedAndTheRunGoesOn() throws Exception {
        Plan plan = TestPlans.plan(namespace, List.of(
                at("broken", Duration.ZERO, new Action.HpaPatch("missing", 1, 2)),
                at("bump", Duration.ofMillis(100), new Action.Scale(null, 4))), TestPlans.guards());
        try (ChaosRun run = ChaosRun.start(settings(plan, ProbeWindow.none()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> replicas() == 4);
        }
        assertThat(Timelines.chaosEvents(runDir)).contains("broken:failed");
        assertThat(console.toString()).contains("HorizontalPodAutoscaler/missing not found");
    }

    /** The injectors' Job and ConfigMap are made through applyRunChange: an API server away (503) is waited for. */
    @Test
    void aRunChangeWaitsForTheApiServerAsAFaultDoes() throws Exception {
        Plan plan = TestPlans.plan(namespace, List.of(), TestPlans.guards());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        try (ChaosRun run = ChaosRun.start(settings(plan, ProbeWindow.none()))) {
            run.applyRunChange("injectors", "injector-job", new Step(List.of("Job/injectors"), "create Job/injectors",
                    new Undo.Nothing("test"), 0, client -> {
                if (calls.incrementAndGet() < 3) {
                    throw new io.fabric8.kubernetes.client.KubernetesClientException("the server is currently unable"
                            + " to handle the request", 503, null);
                }
                return "Job/injectors created";
            }, null));
            assertThatThrownBy(() -> run.applyRunChange("plan", "configmap", new Step(List.of("ConfigMap/plan"),
                    "create ConfigMap/plan", new Undo.Nothing("test"), 0, client -> {
                refused.incrementAndGet();
                throw new io.fabric8.kubernetes.client.KubernetesClientException("forbidden", 403, null);
            }, null))).hasMessageContaining("forbidden");
        }
        assertThat(calls).as("two 503s waited for, then made").hasValue(3);
        assertThat(refused).as("a refusal is not the API's availability: not retried").hasValue(1);
        assertThat(console.toString()).contains("injectors (injector-job): the API server cannot serve the change"
                + " yet, retrying");
        String journal = Files.readString(runDir.resolve(JournalFile.FILE_NAME));
        assertThat(journal).contains("Job/injectors created").contains("\"undone\"");
    }

    @Test
    void aJournalNeverRecoveredBlocksANewRunInTheSameDirectory() throws Exception {
        try (Journal journal = Journal.create(runDir, namespace, TestPlans.CONTEXT, System::currentTimeMillis)) {
            journal.intent(1, "bump", "scale", List.of("Deployment/web"),
                    Undo.toJson(new Undo.RestoreReplicas(namespace, "web", 3)));
        }
        Plan plan = TestPlans.plan(namespace, List.of(), TestPlans.guards());
        assertThatThrownBy(() -> ChaosRun.start(settings(plan, ProbeWindow.none())))
                .hasMessageContaining("saleday recover");
        assertThat(Recovery.recover(runDir, api.client())).hasSize(1);
        ChaosRun.start(settings(plan, ProbeWindow.none())).close();
        assertThat(Files.readString(runDir.resolve(JournalFile.FILE_NAME))).contains(JournalFile.FORMAT.name());
    }
}
