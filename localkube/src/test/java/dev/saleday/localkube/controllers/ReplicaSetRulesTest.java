package dev.saleday.localkube.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

        pods.sort(ReplicaSetController.deletionOrder());

        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("unscheduled", "pending",
                "not-ready", "ready-recently", "restarted", "newer", "ready-long");
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
