package dev.saleday.localkube.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import dev.saleday.localkube.NodePool;
import dev.saleday.localkube.testing.FakeKubelet;
import dev.saleday.localkube.testing.FakeMetrics;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that stops (its Lease no longer renewed) goes Ready=Unknown after the node-monitor grace period, is tainted
 * unreachable NoSchedule/NoExecute, its pods go NotReady (out of the Service's endpoints) and are evicted after their
 * toleration, replaced on the other nodes; back, it is Ready and untainted and its evicted pods are finished.
 */
class NodeFailureTest {

    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final long TOLERATION_SECONDS = 2;
    private static LocalKube kube;
    private static FakeKubelet kubelet;

    @BeforeAll
    static void start() {
        kube = LocalKube.start(LocalKubeConfig.defaults()
                .withNodePool(NodePool.defaults().withNodeMonitorGracePeriod(GRACE))
                .controlPlaneOnly(new FakeMetrics()));
        kubelet = new FakeKubelet(kube.client(), Duration.ofMillis(100), Duration.ofMillis(100));
    }

    @AfterAll
    static void stop() {
        kubelet.close();
        kube.close();
    }

    @Test
    void aFailedNodesPodsLeaveTheServiceAndAreReplacedAfterTheirToleration() {
        KubernetesClient client = kube.client();
        String ns = "node-fail";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        client.resource(new DeploymentBuilder(Objects.deployment(ns, "web", 3, "saleday/recommendation:v1"))
                .editSpec().editTemplate().editSpec().addToTolerations(new TolerationBuilder()
                        .withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute")
                        .withTolerationSeconds(TOLERATION_SECONDS).build()).endSpec().endTemplate().endSpec().build())
                .create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).withNewTargetPort(8080).endPort()
                .endSpec().build()).create();
        kube.awaitDeploymentReady(ns, "web", Duration.ofSeconds(10));
        List<Pod> before = client.pods().inNamespace(ns).list().getItems();
        // admission adds the default toleration only where the pod has none: not-ready gets 300 s, unreachable keeps 2 s
        assertThat(before.get(0).getSpec().getTolerations()).anyMatch(t -> "node.kubernetes.io/not-ready"
                .equals(t.getKey()) && t.getTolerationSeconds() == 300L)
                .filteredOn(t -> "node.kubernetes.io/unreachable".equals(t.getKey()))
                .singleElement().matches(t -> t.getTolerationSeconds() == TOLERATION_SECONDS);
        String node = before.get(0).getSpec().getNodeName();
        Set<String> lost = before.stream().filter(p -> node.equals(p.getSpec().getNodeName()))
                .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());

        Instant failedAt = Instant.now();
        kube.setNodeFailed(node, true);
        Node unknown = await().atMost(Duration.ofSeconds(10)).until(() -> client.nodes().withName(node).get(),
                n -> n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                        && "Unknown".equals(c.getStatus()) && "NodeStatusUnknown".equals(c.getReason())));
        assertThat(Duration.between(failedAt, Instant.now())).isGreaterThanOrEqualTo(GRACE.minusMillis(600));
        Node tainted = await().atMost(Duration.ofSeconds(5)).until(() -> client.nodes().withName(node).get(),
                n -> n.getSpec().getTaints() != null && n.getSpec().getTaints().size() == 2);
        assertThat(tainted.getSpec().getTaints()).extracting(Taint::getKey, Taint::getEffect).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoSchedule"),
                org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoExecute"));
        assertThat(unknown).isNotNull();
        // the node's pods leave the Service's ready addresses
        await().atMost(Duration.ofSeconds(5)).until(() -> readyAddresses(client, ns).stream()
                .noneMatch(a -> a.getTargetRef() != null && lost.contains(a.getTargetRef().getName())));
        // after their toleration they are evicted (Terminating for good: no kubelet there) and replaced elsewhere
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> lost.contains(p.getMetadata().getName()))
                .allMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
        kube.awaitDeploymentReady(ns, "web", Duration.ofSeconds(10));
        assertThat(client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null))
                .hasSize(3).noneMatch(p -> node.equals(p.getSpec().getNodeName()));
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
                .anyMatch(e -> "TaintManagerEviction".equals(e.getReason()));
        assertThat(readyAddresses(client, ns)).hasSize(3);

        // back: Ready, no taints, its evicted pods finished by its kubelet
        kube.setNodeFailed(node, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.nodes().withName(node).get(), n ->
                (n.getSpec().getTaints() == null || n.getSpec().getTaints().isEmpty()) && n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace(ns).list().getItems().stream()
                .noneMatch(p -> lost.contains(p.getMetadata().getName())));
    }

    private static List<EndpointAddress> readyAddresses(KubernetesClient client, String ns) {
        Endpoints e = client.endpoints().inNamespace(ns).withName("web").get();
        return e == null || e.getSubsets() == null ? List.of() : e.getSubsets().stream()
                .flatMap(s -> s.getAddresses() == null ? java.util.stream.Stream.empty() : s.getAddresses().stream())
                .toList();
    }
}
