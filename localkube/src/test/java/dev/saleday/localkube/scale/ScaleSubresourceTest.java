package dev.saleday.localkube.scale;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ControlPlane.class)
class ScaleSubresourceTest {

    @Test
    void scaleIsARealScaleObjectAndWritesOnlyReplicas(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("scale");
        client.resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));

        Scale scale = client.apps().deployments().inNamespace(ns).withName("web").scale();
        assertThat(scale.getKind()).isEqualTo("Scale");
        assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
        assertThat(scale.getStatus().getReplicas()).isEqualTo(2);
        assertThat(scale.getStatus().getSelector()).isEqualTo("app=web");

        Scale written = client.apps().deployments().inNamespace(ns).withName("web")
                .scale(new ScaleBuilder(scale).editSpec().withReplicas(4).endSpec().build());
        assertThat(written.getSpec().getReplicas()).isEqualTo(4);
        Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(d.getKind()).isEqualTo("Deployment");
        assertThat(d.getSpec().getReplicas()).isEqualTo(4);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace(ns).list().getItems().size() == 4);

        client.apps().deployments().inNamespace(ns).withName("web").subresource("scale")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":1}}");
        assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).count() == 1);
    }
}
