package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

import java.util.ArrayList;
import java.util.List;

/** Pods bound to a node by hand, running {@link TestPodServer}. */
public final class TestPods {

    private TestPods() {
    }

    /** A pod serving on 8080 (port name {@code http}) with a readiness probe on {@code /readyz}. */
    public static PodBuilder podServer(String name, String node, EnvVar... env) {
        List<EnvVar> variables = new ArrayList<>(List.of(new EnvVar("POD_NAME", name, null)));
        variables.addAll(List.of(env));
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").addToLabels("app", "test").endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .withTerminationGracePeriodSeconds(5L)
                .addToContainers(new ContainerBuilder()
                        .withName("server")
                        .withImage(TestImages.POD_SERVER)
                        .addNewPort().withName("http").withContainerPort(8080).endPort()
                        .withEnv(variables)
                        .withReadinessProbe(httpProbe("/readyz", 0, 1, 1, 3))
                        .build())
                .endSpec();
    }

    public static Probe httpProbe(String path, int initialDelaySeconds, int periodSeconds, int successThreshold,
                                  int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds).withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(1).withSuccessThreshold(successThreshold).withFailureThreshold(failureThreshold)
                .build();
    }

    public static boolean isReady(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    public static ContainerStatus container(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty()) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().get(0);
    }

    public static long pid(Pod pod) {
        String id = container(pod).getContainerID();
        return Long.parseLong(id.substring("process://".length()));
    }
}
