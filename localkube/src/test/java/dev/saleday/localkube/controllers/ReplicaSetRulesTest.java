package dev.saleday.localkube.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ReplicaSet's pure rules, as Kubernetes has them: which pods go first when it scales down (a chaos pod kill and
 * a rollout rely on the ready, long-lived pods going last), and when a ready pod counts as available.
 */
class ReplicaSetRulesTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void scaleDownDeletesUnscheduledThenPendingThenNotReadyThenTheMostRecentlyReadyFirst() {
        List<Pod> pods = new ArrayList<>(List.of(
                pod("ready-long", "node-a", "Running", NOW.minusSeconds(600), 0, "10:00:00"),
                pod("ready-recently", "node-a", "Running", NOW.minusSeconds(5), 0, "10:00:00"),
                pod("not-ready", "node-a", "Running", null, 0, "10:00:00"),
                pod("pending", "node-a", "Pending", null, 0, "10:00:00"),
                pod("unscheduled", null, "Pending", null, 0, "10:00:00"),
                pod("restarted", "node-a", "Running", NOW.minusSeconds(600), 3, "10:00:00"),
                pod("newer", "node-a", "Running", NOW.minusSeconds(600), 0, "11:00:00")));

        assertThat(order(pods, Map.of())).containsExactly("unscheduled", "pending", "not-ready", "ready-recently",
                "restarted", "newer", "ready-long");
    }

    /**
     * LogarithmicScaleDown: ready times in the same power of two of nanoseconds since (8.6-17.2 s: 2^33 ns) are a tie
     * that the UID breaks, so the pod ready 12 s ago can go before the one ready 9 s ago; 5 s (2^32) is newer.
     */
    @Test
    void readyTimesInTheSamePowerOfTwoAreATieTheUidBreaks() {
        Pod nineSeconds = withUid(pod("ready-9s", "node-a", "Running", NOW.minusSeconds(9), 0, "10:00:00"), "b");
        Pod twelveSeconds = withUid(pod("ready-12s", "node-a", "Running", NOW.minusSeconds(12), 0, "10:00:00"), "a");
        Pod fiveSeconds = withUid(pod("ready-5s", "node-a", "Running", NOW.minusSeconds(5), 0, "10:00:00"), "c");
        assertThat(order(List.of(nineSeconds, twelveSeconds, fiveSeconds), Map.of()))
                .containsExactly("ready-5s", "ready-12s", "ready-9s");
        assertThat(new ScaleDownOrder(NOW, Map.of()).log2Rank(NOW.minusSeconds(9))).isEqualTo(33);
        assertThat(new ScaleDownOrder(NOW, Map.of()).log2Rank(NOW.minusSeconds(12))).isEqualTo(33);
        assertThat(new ScaleDownOrder(NOW, Map.of()).log2Rank(NOW.minusSeconds(5))).isEqualTo(32);
        // creation times likewise: same readiness, created 40 and 50 minutes ago (both 2^41 ns), the UID decides
        Pod createdLater = withUid(pod("created-11:20", "node-a", "Running", NOW.minusSeconds(600), 0, "11:20:00"), "z");
        Pod createdEarlier = withUid(pod("created-11:10", "node-a", "Running", NOW.minusSeconds(600), 0, "11:10:00"),
                "y");
        assertThat(order(List.of(createdLater, createdEarlier), Map.of())).containsExactly("created-11:10",
                "created-11:20");
    }

    @Test
    void theLowerDeletionCostGoesFirstThenTheNodeThatDoubledUp() {
        Pod costly = pod("costly", "node-a", "Running", NOW.minusSeconds(5), 0, "10:00:00");
        costly.getMetadata().setAnnotations(Map.of(ScaleDownOrder.DELETION_COST, "100"));
        Pod aloneOnB = pod("alone-on-b", "node-b", "Running", NOW.minusSeconds(5), 0, "10:00:00");
        Pod doubledOnA = pod("doubled-on-a", "node-a", "Running", NOW.minusSeconds(600), 0, "10:00:00");
        Pod unreadable = pod("cost-not-a-number", "node-b", "Running", NOW.minusSeconds(600), 0, "10:00:00");
        unreadable.getMetadata().setAnnotations(Map.of(ScaleDownOrder.DELETION_COST, "high"));
        // node a holds two of the Deployment's active pods, node b one: a's go first whatever their ready times
        assertThat(order(List.of(costly, aloneOnB, doubledOnA, unreadable), Map.of("node-a", 2, "node-b", 1)))
                .containsExactly("doubled-on-a", "alone-on-b", "cost-not-a-number", "costly");
    }

    static List<String> order(List<Pod> pods, Map<String, Integer> relatedByNode) {
        return new ScaleDownOrder(NOW, relatedByNode).sort(pods).stream().map(p -> p.getMetadata().getName()).toList();
    }

    static Pod withUid(Pod pod, String uid) {
        pod.getMetadata().setUid(uid);
        return pod;
    }

    @Test
    void aReadyPodIsAvailableOnlyAfterMinReadySeconds() {
        Pod readyTenSecondsAgo = pod("p", "node-a", "Running", NOW.minusSeconds(10), 0, "10:00:00");
        assertThat(Pods.isAvailable(readyTenSecondsAgo, 0, NOW)).isTrue();
        assertThat(Pods.isAvailable(readyTenSecondsAgo, 10, NOW)).isTrue();
        assertThat(Pods.isAvailable(readyTenSecondsAgo, 11, NOW)).isFalse();
        assertThat(Pods.isAvailable(pod("q", "node-a", "Running", null, 0, "10:00:00"), 0, NOW)).isFalse();
    }

    /** @param readySince null: not ready */
    static Pod pod(String name, String node, String phase, Instant readySince, int restarts, String created) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name)
                .withCreationTimestamp("2026-11-30T" + created + "Z").endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase)
                .addNewContainerStatus().withName("c").withRestartCount(restarts).endContainerStatus()
                .addNewCondition().withType("Ready").withStatus(readySince == null ? "False" : "True")
                .withLastTransitionTime(readySince == null ? NOW.minusSeconds(3600).toString() : readySince.toString())
                .endCondition().endStatus();
        return pod.build();
    }
}
