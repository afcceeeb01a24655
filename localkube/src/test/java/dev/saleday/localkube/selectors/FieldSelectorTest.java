package dev.saleday.localkube.selectors;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ControlPlane.class)
class FieldSelectorTest {

    @Test
    void specNodeNameAndStatusPhaseSelectPods(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("fields");
        client.resource(Objects.deployment(ns, "web", 3, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));

        List<Pod> all = client.pods().inNamespace(ns).list().getItems();
        String node = all.get(0).getSpec().getNodeName();
        long onNode = all.stream().filter(p -> node.equals(p.getSpec().getNodeName())).count();
        List<Pod> selected = client.pods().inNamespace(ns).withField("spec.nodeName", node).list().getItems();
        assertThat(selected).hasSize((int) onNode).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo(node));
        assertThat(client.pods().inNamespace(ns).withField("status.phase", "Running").list().getItems()).hasSize(3);
        assertThat(client.pods().inNamespace(ns).withField("status.phase", "Pending").list().getItems()).isEmpty();
        assertThat(client.pods().inNamespace(ns).withoutField("spec.nodeName", node).list().getItems())
                .hasSize(3 - (int) onNode);
    }
}
