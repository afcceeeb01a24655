package dev.saleday.localkube.patch;

import dev.saleday.localkube.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ControlPlane.class)
class PatchTest {

    @Test
    void mergePatchNullDeletesTheKey(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("merge");
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace(ns)
                .addToAnnotations("keep", "1").addToAnnotations("drop", "2").endMetadata()
                .addToData("a", "1").addToData("b", "2").build()).create();

        ConfigMap patched = client.configMaps().inNamespace(ns).withName("cfg").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"drop\":null}},\"data\":{\"b\":null,\"c\":\"3\"}}");

        assertThat(patched.getData()).containsOnlyKeys("a", "c");
        assertThat(patched.getMetadata().getAnnotations()).containsOnlyKeys("keep");
    }

    @Test
    void strategicMergePatchMergesContainersByNameAsKubectlSetImageSends(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("smp");
        Deployment d = new DeploymentBuilder(dev.saleday.localkube.testing.Objects.deployment(ns, "web", 0,
                "saleday/recommendation:v1")).editSpec().editTemplate().editSpec().addNewContainer().withName("sidecar")
                .withImage("busybox:1").endContainer().endSpec().endTemplate().endSpec().build();
        client.resource(d).create();

        // what `kubectl set image deployment/web model=...:v2` sends
        Deployment patched = client.apps().deployments().inNamespace(ns).withName("web").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"template\":{\"spec\":{"
                        + "\"$setElementOrder/containers\":[{\"name\":\"model\"},{\"name\":\"sidecar\"}],"
                        + "\"containers\":[{\"image\":\"saleday/recommendation:v2\",\"name\":\"model\"}]}}}}");
        assertThat(patched.getSpec().getTemplate().getSpec().getContainers())
                .extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactly("model=saleday/recommendation:v2", "sidecar=busybox:1");
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(2);

        // what `kubectl rollout restart` sends: an annotation on the template
        patched = client.apps().deployments().inNamespace(ns).withName("web").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                        + "{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-28T14:00:00Z\"}}}}}");
        assertThat(patched.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(patched.getSpec().getTemplate().getSpec().getContainers()).hasSize(2);

        // $patch: delete removes one container by name
        patched = client.apps().deployments().inNamespace(ns).withName("web").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                        + "[{\"name\":\"sidecar\",\"$patch\":\"delete\"}]}}}}");
        assertThat(patched.getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getName())
                .containsExactly("model");
    }

    @Test
    void jsonPatchAndCordonPatch(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        client.nodes().withName("local-node-c").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"unschedulable\":true}}");
        assertThat(client.nodes().withName("local-node-c").get().getSpec().getUnschedulable()).isTrue();
        client.nodes().withName("local-node-c").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"remove\",\"path\":\"/spec/unschedulable\"}]");
        assertThat(client.nodes().withName("local-node-c").get().getSpec().getUnschedulable()).isNull();
    }
}
