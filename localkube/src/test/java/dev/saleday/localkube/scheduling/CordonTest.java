package dev.saleday.localkube.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A cordoned node gets no new pod (what a node drain relies on: evicted pods come back elsewhere). */
@ExtendWith(ControlPlane.class)
class CordonTest {

    @Test
    void newPodsGoOnlyToNodesThatAreNotCordoned(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("cordon");
        List<String> cordoned = List.of("local-node-a", "local-node-b");
        cordoned.forEach(node -> unschedulable(client, node, true));
        try {
            client.resource(Objects.deployment(ns, "web", 4, "saleday/recommendation:v1")).create();
            cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
            assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(4)
                    .extracting(Pod::getSpec).extracting(spec -> spec.getNodeName()).containsOnly("local-node-c");
        } finally {
            cordoned.forEach(node -> unschedulable(client, node, false));
        }
    }

    static void unschedulable(KubernetesClient client, String node, boolean value) {
        client.nodes().withName(node).edit(n -> {
            n.getSpec().setUnschedulable(value ? true : null);
            return n;
        });
    }
}
