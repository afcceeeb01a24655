package dev.saleday.chaos;

import dev.saleday.plan.Action;
import dev.saleday.plan.Count;
import dev.saleday.plan.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each action's effect and its undo, against fabric8's CRUD mock API server (storage only: no controllers, so
 * pods are made by hand and killed pods are not replaced). The same actions run against localkube in
 * {@code ChaosLocalKubeTest}.
 */
class ActionsMockTest {

    @RegisterExtension
    static final OnMockApiServer api = new OnMockApiServer();
    String namespace;
    ActionHarness harness;

    @BeforeEach
    void freshNamespace(TestInfo info) {
        namespace = "t-" + info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        Fixtures.namespace(api.client(), namespace);
        harness = new ActionHarness(api.client(), namespace, TestPlans.guards());
    }

    Deployment web() {
        return api.client().apps().deployments().inNamespace(namespace).withName("web").get();
    }

    @Test
    void rolloutSetsTheImageAndUndoPutsItBack() throws Exception {
        Fixtures.deployment(api.client(), namespace, 2, "web:v1");
        Undo undo = harness.apply(new Action.Rollout(null, "app", "web:v2"));
        assertThat(web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("web:v2");
        undo.undo(api.client());
        assertThat(web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("web:v1");
        undo.undo(api.client()); // idempotent
        assertThat(web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("web:v1");
    }

    @Test
    void rolloutRestartAnnotatesTheTemplateAndUndoRemovesIt() throws Exception {
        Fixtures.deployment(api.client(), namespace, 2, "web:v1");
        Undo undo = harness.apply(new Action.Rollout(null, null, null));
        assertThat(web().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey(Deployments.RESTARTED_AT);
        undo.undo(api.client());
        Map<String, String> annotations = web().getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations == null ? Map.<String, String>of() : annotations).doesNotContainKey(Deployments.RESTARTED_AT);
    }

    @Test
    void rolloutOfAMissingContainerFailsBeforeAnyChange() {
        Fixtures.deployment(api.client(), namespace, 2, "web:v1");
        assertThatThrownBy(() -> harness.prepare(new Action.Rollout(null, "nope", "web:v2")))
                .isInstanceOf(ChaosActionException.class).hasMessageContaining("no container named 'nope'");
    }

    @Test
    void rollbackTakesThePreviousReplicaSetsTemplateAndUndoRollsForward() throws Exception {
        Deployment d = Fixtures.deployment(api.client(), namespace, 2, "web:v2");
        api.client().apps().deployments().inNamespace(namespace).withName("web").edit(x -> {
            x.getMetadata().setAnnotations(Map.of(Deployments.REVISION, "2"));
            return x;
        });
        for (int revision = 1; revision <= 2; revision++) {
            api.client().apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder()
                    .withNewMetadata().withName("web-" + revision).withNamespace(namespace)
                    .withAnnotations(Map.of(Deployments.REVISION, String.valueOf(revision)))
                    .withOwnerReferences(new OwnerReferenceBuilder().withKind("Deployment").withName("web")
                            .withUid(d.getMetadata().getUid()).withApiVersion("apps/v1").build())
                    .endMetadata().withNewSpec().withReplicas(revision == 2 ? 2 : 0)
                    .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withNewTemplate().withNewMetadata()
                    .withLabels(Map.of("app", "web", RollbackAction.POD_TEMPLATE_HASH, "h" + revision)).endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("web:v" + revision).endContainer()
                    .endSpec().endTemplate().endSpec().build()).create();
        }
        Step step = harness.prepare(new Action.Rollback(null, null));
        assertThat(step.description()).contains("from revision 2 to revision 1");
        Undo undo = harness.apply(new Action.Rollback(null, null));
        assertThat(web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("web:v1");
        assertThat(web().getSpec().getTemplate().getMetadata().getLabels())
                .doesNotContainKey(RollbackAction.POD_TEMPLATE_HASH);
        undo.undo(api.client());
        assertThat(web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("web:v2");
    }

    @Test
    void rollbackWithoutAnEarlierRevisionIsRefused() {
        Fixtures.deployment(api.client(), namespace, 2, "web:v1");
        assertThatThrownBy(() -> harness.prepare(new Action.Rollback(null, null)))
                .isInstanceOf(ChaosActionException.class).hasMessageContaining("to roll back to");
    }

    @Test
    void scaleSetsReplicasAndUndoRestoresThem() throws Exception {
        Fixtures.deployment(api.client(), namespace, 3, "web:v1");
        Undo undo = harness.apply(new Action.Scale(null, 5));
        assertThat(web().getSpec().getReplicas()).isEqualTo(5);
        undo.undo(api.client());
        assertThat(web().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void hpaPatchChangesBoundsAndUndoRestoresThem() throws Exception {
        Fixtures.hpa(api.client(), namespace, 2, 10);
        Undo undo = harness.apply(new Action.HpaPatch(null, null, 3));
        var hpa = api.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName("web")
                .get();
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(3);
        undo.undo(api.client());
        hpa = api.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName("web").get();
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    }

    @Test
    void configChangePatchesKeysRestartsAndUndoRestoresBoth() throws Exception {
        Fixtures.deployment(api.client(), namespace, 2, "web:v1");
        Fixtures.configMap(api.client(), namespace, Map.of("FAULT_LATENCY_MS", "0", "KEEP", "x"));
        Undo undo = harness.apply(new Action.ConfigChange("web-config",
                Map.of("FAULT_LATENCY_MS", "250", "FAULT_ERROR_RATE", "0.1"), true, null));
        var data = api.client().configMaps().inNamespace(namespace).withName("web-config").get().getData();
        assertThat(data).containsEntry("FAULT_LATENCY_MS", "250").containsEntry("FAULT_ERROR_RATE", "0.1")
                .containsEntry("KEEP", "x");
        assertThat(web().getSpec().getTemplate().getMetadata().getAnnotations()).containsKey(Deployments.RESTARTED_AT);
        undo.undo(api.client());
        data = api.client().configMaps().inNamespace(namespace).withName("web-config").get().getData();
        assertThat(data).isEqualTo(Map.of("FAULT_LATENCY_MS", "0", "KEEP", "x"));
        Map<String, String> annotations = web().getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations == null ? Map.<String, String>of() : annotations).doesNotContainKey(Deployments.RESTARTED_AT);
        undo.undo(api.client()); // idempotent: the added key is not removed twice
        assertThat(api.client().configMaps().inNamespace(namespace).withName("web-config").get().getData())
                .isEqualTo(Map.of("FAULT_LATENCY_MS", "0", "KEEP", "x"));
    }

    @Test
    void nodeDrainCordonsAndUndoUncordons() throws Exception {
        Fixtures.node(api.client(), "node-" + namespace);
        Undo undo = harness.apply(new Action.NodeDrain("node-" + namespace));
        assertThat(api.client().nodes().withName("node-" + namespace).get().getSpec().getUnschedulable()).isTrue();
        undo.undo(api.client());
        assertThat(api.client().nodes().withName("node-" + namespace).get().getSpec().getUnschedulable()).isFalse();
    }

    @Test
    void nodeFailIsRefusedOnARealClusterWithoutAProviderHookAndRunsTheHookWithOne(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String name = "node-" + namespace;
        Fixtures.node(api.client(), name);
        assertThatThrownBy(() -> harness.prepare(new Action.NodeFail(name, null)))
                .isInstanceOf(ChaosActionException.class)
                .hasMessageContaining("node-fail refused: Node/" + name + " is not a localkube node")
                .hasMessageContaining("provider: {fail: ..., undo: ...}");
        java.nio.file.Path stopped = dir.resolve("stopped");
        Action.ProviderHook hook = new Action.ProviderHook("echo stopping && touch " + stopped, "rm " + stopped);
        Step step = harness.prepare(new Action.NodeFail(name, hook));
        assertThat(step.undo()).isEqualTo(new Undo.ProviderCommand(name, "rm " + stopped));
        assertThat(Undo.fromJson(Undo.toJson(step.undo()))).isEqualTo(step.undo()); // as the journal carries it
        assertThat(java.nio.file.Files.exists(stopped)).isFalse(); // preparing runs nothing
        Undo undo = harness.apply(new Action.NodeFail(name, hook));
        assertThat(java.nio.file.Files.exists(stopped)).isTrue();
        undo.undo(api.client());
        assertThat(java.nio.file.Files.exists(stopped)).isFalse();
        // an undo command that fails is an undo failure, naming the node and the exit code
        assertThatThrownBy(() -> undo.undo(api.client())).isInstanceOf(UndoException.class)
                .hasMessageContaining("Node/" + name).hasMessageContaining("exited 1");
    }

    @Test
    void nodeFailOnALocalkubeNodeMarksItFailedAndUndoBringsItBack() throws Exception {
        String name = "lk-" + namespace;
        api.client().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
                .withName(name).addToLabels("node.kubernetes.io/instance-type", "localkube").endMetadata()
                .withNewSpec().endSpec().build()).create();
        Undo undo = harness.apply(new Action.NodeFail(name, null));
        assertThat(api.client().nodes().withName(name).get().getMetadata().getAnnotations())
                .containsEntry("localkube.saleday.dev/failed", "true");
        undo.undo(api.client());
        Map<String, String> annotations = api.client().nodes().withName(name).get().getMetadata().getAnnotations();
        // a merge patch's null removes the key (the CRUD mock keeps it as null): either way not failed
        assertThat(annotations == null ? Map.<String, String>of() : annotations)
                .doesNotContainEntry("localkube.saleday.dev/failed", "true");
    }

    static final Action.PodKill KILL_TWO_OLDEST = new Action.PodKill(LabelSelector.parse("app=web"), Count.of(2),
            Action.PodPick.OLDEST, Duration.ZERO);

    /** A Deployment of 4 and its 4 ready pods, web-0 the oldest (the mock runs no controller). */
    void fourReadyPods() {
        Fixtures.deployment(api.client(), namespace, 4, "web:v1");
        for (int i = 0; i < 4; i++) {
            Fixtures.readyPod(api.client(), namespace, "web-" + i, "n1", "2026-11-28T10:0" + i + ":00Z");
        }
    }

    @Test
    void podKillDeletesTheOldestAndUndoVerifiesReplacement() throws Exception {
        fourReadyPods();
        Step step = harness.prepare(KILL_TWO_OLDEST);
        assertThat(step.targets()).containsExactly("Pod/web-0", "Pod/web-1");
        Undo undo = harness.apply(KILL_TWO_OLDEST);
        assertThat(api.client().pods().inNamespace(namespace).list().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("web-2", "web-3");
        // No controller here: the verification must say the pods were not replaced.
        assertThatThrownBy(() -> undo.undo(api.client())).isInstanceOf(UndoException.class)
                .hasMessageContaining("2 of 4 pods");
        Fixtures.readyPod(api.client(), namespace, "web-4", "n1", "2026-11-28T11:00:00Z");
        Fixtures.readyPod(api.client(), namespace, "web-5", "n1", "2026-11-28T11:00:00Z");
        undo.undo(api.client());
    }

    @Test
    void podKillUndoWaitsOnlyForWhatTheDeploymentAsksForNow() throws Exception {
        fourReadyPods();
        Undo undo = harness.apply(KILL_TWO_OLDEST);
        assertThat(undo).isEqualTo(new Undo.AwaitReplaced(namespace, "app=web", 4, 2000));
        // the autoscaler scaled the Deployment down to 3 after the kill: the undo waits for 3 (not the 4 ready
        // before the kill, nor the 2 left), and says so when they do not come
        scaleWeb(3);
        assertThatThrownBy(() -> undo.undo(api.client())).isInstanceOf(UndoException.class)
                .hasMessageStartingWith("only 2 of 3 pods matching 'app=web' ready again");
        // then down to 2: the 2 left are all it wants, so it returns (with no controller, nothing else would come)
        scaleWeb(2);
        undo.undo(api.client());
        // and a third ready pod satisfies the Deployment of 3 again
        scaleWeb(3);
        Fixtures.readyPod(api.client(), namespace, "web-4", "n1", "2026-11-28T11:00:00Z");
        undo.undo(api.client());
    }

    private void scaleWeb(int replicas) {
        api.client().apps().deployments().inNamespace(namespace).withName("web")
                .edit(d -> {
                    d.getSpec().setReplicas(replicas);
                    return d;
                });
    }

    @Test
    void podKillPercentRoundsUpAndNewestPicksTheYoungest() {
        Fixtures.deployment(api.client(), namespace, 3, "web:v1");
        for (int i = 0; i < 3; i++) {
            Fixtures.readyPod(api.client(), namespace, "web-" + i, "n1", "2026-11-28T10:0" + i + ":00Z");
        }
        Step step = harness.prepare(new Action.PodKill(LabelSelector.parse("app in (web)"), Count.percent(40),
                Action.PodPick.NEWEST, null));
        assertThat(step.targets()).containsExactly("Pod/web-2", "Pod/web-1");
    }

    @Test
    void podKillKeepsThePdbMinAvailable() throws Exception {
        Fixtures.deployment(api.client(), namespace, 3, "web:v1");
        for (int i = 0; i < 3; i++) {
            Fixtures.readyPod(api.client(), namespace, "web-" + i, "n1", "2026-11-28T10:0" + i + ":00Z");
        }
        Fixtures.pdb(api.client(), namespace, 2);
        Step step = harness.prepare(new Action.PodKill(LabelSelector.parse("app=web"), Count.of(3),
                Action.PodPick.OLDEST, Duration.ZERO));
        assertThat(step.targets()).containsExactly("Pod/web-0");
        assertThat(step.description()).contains("held by PodDisruptionBudget/web minAvailable 2");
        step.effect().apply(api.client());
        assertThat(api.client().pods().inNamespace(namespace).list().getItems()).hasSize(2);
    }

    @Test
    void podKillBelowThePdbWhenThePlanAllowsIt() {
        Fixtures.deployment(api.client(), namespace, 3, "web:v1");
        for (int i = 0; i < 3; i++) {
            Fixtures.readyPod(api.client(), namespace, "web-" + i, "n1", "2026-11-28T10:0" + i + ":00Z");
        }
        Fixtures.pdb(api.client(), namespace, 2);
        ActionHarness allowing = new ActionHarness(api.client(), namespace,
                new dev.saleday.plan.Guards(java.util.List.of(), java.util.List.of(), null, true, null));
        Step step = allowing.prepare(new Action.PodKill(LabelSelector.parse("app=web"), Count.of(3),
                Action.PodPick.OLDEST, Duration.ZERO));
        assertThat(step.targets()).hasSize(3);
    }

    @Test
    void maxPodsKilledCapsAcrossActions() throws Exception {
        fourReadyPods();
        ActionHarness capped = new ActionHarness(api.client(), namespace, TestPlans.maxPodsKilled(Count.percent(50)));
        Action kill = new Action.PodKill(LabelSelector.parse("app=web"), Count.of(1), Action.PodPick.OLDEST,
                Duration.ZERO);
        capped.apply(kill);
        // 50% of the 3 pods left rounds up to 2: one more may go, then none.
        capped.apply(kill);
        Step third = capped.prepare(kill);
        assertThat(third.isSkipped()).isTrue();
        assertThat(third.skipReason()).contains("guards.maxPodsKilled");
        assertThat(api.client().pods().inNamespace(namespace).list().getItems()).hasSize(2);
    }
}
