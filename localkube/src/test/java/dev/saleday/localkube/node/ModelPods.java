package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Pods of the real model, configured as k8s/base with the local overlay configures them. */
public final class ModelPods {

    private ModelPods() {
    }

    /** The container of k8s/base/deployment.yaml with the local overlay's numbers. */
    public static Pod modelPod(String name, String node, String tag) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").addToLabels("app", "recommendation")
                .endMetadata()
                .withNewSpec().withNodeName(node).withTerminationGracePeriodSeconds(15L)
                .addToContainers(new ContainerBuilder()
                        .withName("model").withImage("saleday/recommendation:" + tag)
                        .addNewPort().withName("http").withContainerPort(8080).endPort()
                        .addNewEnv().withName("PORT").withValue("8080").endEnv()
                        .addToEnv(new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build())
                        .addToEnv(new EnvVarBuilder().withName("CPU_LIMIT_MILLICORES").withNewValueFrom()
                                .withNewResourceFieldRef().withContainerName("model").withResource("limits.cpu")
                                .withDivisor(new Quantity("1m")).endResourceFieldRef().endValueFrom().build())
                        .addToEnv(new EnvVarBuilder().withName("FEATURE_STORE_PASSWORD").withNewValueFrom()
                                .withNewSecretKeyRef().withName("recommendation-secrets")
                                .withKey("FEATURE_STORE_PASSWORD").endSecretKeyRef().endValueFrom().build())
                        .withNewResources()
                        .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                        .addToLimits("cpu", new Quantity("300m")).addToLimits("memory", new Quantity("128Mi"))
                        .endResources()
                        .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString("http"))
                        .endHttpGet().withPeriodSeconds(1).withTimeoutSeconds(1).withFailureThreshold(1)
                        .endReadinessProbe()
                        .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http"))
                        .endHttpGet().withInitialDelaySeconds(2).withPeriodSeconds(2).withTimeoutSeconds(2)
                        .withFailureThreshold(3).endLivenessProbe()
                        .withNewLifecycle().withNewPreStop().withNewSleep(2L).endPreStop().endLifecycle()
                        .build())
                .endSpec().build();
    }

    public static void createSecret(KubernetesClient client) {
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("recommendation-secrets")
                .endMetadata().addToStringData("FEATURE_STORE_PASSWORD", "saleday-development-only").build())
                .createOr(existing -> existing.update());
    }

}
