package dev.saleday.localkube.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.localkube.NodePool;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kube-scheduler's filters and message, and the taint eviction rule, as pure functions. */
class NodeFitTest {

    private static final NodePool POOL = NodePool.defaults().withCapacity(1000, 1L << 30).withPodsPerNode(3);

    private static Pod pod(String cpu, String memory) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer()
                .withName("c").withNewResources().addToRequests("cpu", new Quantity(cpu))
                .addToLimits("memory", new Quantity(memory)).endResources().endContainer().endSpec().build();
    }

    private static Node node() {
        return NodeRegistrar.node("n", POOL, Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test
    void requestsAreCheckedAgainstWhatTheNodesPodsLeave() {
        assertThat(NodeFit.check(pod("600m", "100Mi"), node(), List.of(pod("400m", "100Mi")))).isNull();
        assertThat(NodeFit.check(pod("601m", "100Mi"), node(), List.of(pod("400m", "100Mi"))).reasons())
                .containsExactly("Insufficient cpu");
        // a limit stands for a missing request, as the API server defaults it
        assertThat(NodeFit.check(pod("100m", "1000Mi"), node(), List.of(pod("100m", "100Mi"))).reasons())
                .containsExactly("Insufficient memory");
        assertThat(NodeFit.check(pod("900m", "1000Mi"), node(), List.of(pod("100m", "100Mi"), pod("1m", "1Mi"),
                pod("1m", "1Mi"))).reasons()).containsExactly("Too many pods", "Insufficient cpu", "Insufficient memory");
    }

    @Test
    void theMessageCountsReasonsOverNodesAsKubeSchedulerWritesIt() {
        NodeFit.Failure cpu = new NodeFit.Failure(List.of("Insufficient cpu"), true);
        NodeFit.Failure cordoned = new NodeFit.Failure(List.of("node(s) were unschedulable"), false);
        assertThat(NodeFit.message(3, List.of(cpu, cpu, cordoned))).isEqualTo("0/3 nodes are available: 1 node(s) "
                + "were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not "
                + "helpful for scheduling, 2 No preemption victims found for incoming pod.");
        Node unreachable = new NodeBuilder(node()).editSpec().addNewTaint().withKey("node.kubernetes.io/unreachable")
                .withEffect("NoSchedule").endTaint().endSpec().build();
        assertThat(NodeFit.check(pod("1m", "1Mi"), unreachable, List.of()).reasons())
                .containsExactly("node(s) had untolerated taint {node.kubernetes.io/unreachable: }");
    }

    @Test
    void aPodIsEvictedAfterItsShortestMatchingTolerationOrAtOnceWithout() {
        Taint taint = new Taint("NoExecute", "node.kubernetes.io/unreachable", "2026-12-06T10:00:00Z", null);
        Pod tolerating = new PodBuilder(pod("1m", "1Mi")).editSpec().addToTolerations(
                new TolerationBuilder().withKey(taint.getKey()).withOperator("Exists").withEffect("NoExecute")
                        .withTolerationSeconds(300L).build(),
                new TolerationBuilder().withOperator("Exists").withTolerationSeconds(20L).build()).endSpec().build();
        assertThat(NodeLifecycle.evictionTime(tolerating, List.of(taint)))
                .contains(Instant.parse("2026-12-06T10:00:20Z"));
        assertThat(NodeLifecycle.evictionTime(pod("1m", "1Mi"), List.of(taint))).contains(Instant.EPOCH);
        Pod forever = new PodBuilder(pod("1m", "1Mi")).editSpec().addToTolerations(new TolerationBuilder()
                .withOperator("Exists").build()).endSpec().build();
        assertThat(NodeLifecycle.evictionTime(forever, List.of(taint))).isEqualTo(Optional.empty());
    }
}
