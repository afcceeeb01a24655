package dev.saleday.localkube.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.Map;

/** Test objects, written as a user would write them. */
public final class Objects {

    private Objects() {
    }

    public static Deployment deployment(String namespace, String name, int replicas, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("model").withImage(image)
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewResources().addToRequests("cpu", new Quantity("100m")).endResources()
                .endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    public static Deployment rolling(Deployment d, int maxSurge, int maxUnavailable) {
        return new DeploymentBuilder(d).editSpec().withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(maxSurge)).withMaxUnavailable(new IntOrString(maxUnavailable))
                .endRollingUpdate().endStrategy().endSpec().build();
    }

    /** A bare pod no scheduler picks up (schedulerName {@code none}): only the test changes it. */
    public static Pod pod(String namespace, String name, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec().withSchedulerName("none").addNewContainer().withName("c")
                .withImage("saleday/recommendation:v1").endContainer().endSpec().build();
    }
}
