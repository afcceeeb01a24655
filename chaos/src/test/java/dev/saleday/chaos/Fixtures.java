package dev.saleday.chaos;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;

/** Objects the tests create: a Deployment named web with label app=web, its pods, PDB, HPA, ConfigMap. */
final class Fixtures {

    private Fixtures() {
    }

    static void namespace(KubernetesClient client, String namespace) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).createOr(r -> r.update());
    }

    static Deployment deployment(KubernetesClient client, String namespace, int replicas, String image) {
        return client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    /** A pod as a controller would leave it: labelled, scheduled, ready (the mock runs no controllers). */
    static Pod readyPod(KubernetesClient client, String namespace, String name, String node, String created) {
        return client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(Map.of("app", "web"))
                .withCreationTimestamp(created).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("web:v1").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus().build()).create();
    }

    static void pdb(KubernetesClient client, String namespace, int minAvailable) {
        client.policy().v1().podDisruptionBudget().inNamespace(namespace).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").withNamespace(namespace).endMetadata()
                .withNewSpec().withNewMinAvailable(minAvailable)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector().endSpec().build()).create();
    }

    static void hpa(KubernetesClient client, String namespace, int min, int max) {
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).resource(
                new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("web").withNamespace(namespace)
                        .endMetadata().withNewSpec().withMinReplicas(min).withMaxReplicas(max)
                        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("web")
                        .endScaleTargetRef().endSpec().build()).create();
    }

    static void configMap(KubernetesClient client, String namespace, Map<String, String> data) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName("web-config")
                .withNamespace(namespace).endMetadata().withData(data).build()).create();
    }

    static void node(KubernetesClient client, String name) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().endSpec().build()).create();
    }
}
