package dev.saleday.cli.run;

import dev.saleday.simulations.host.PodProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPodsTest {

    @Test
    void aRunningLocalContainerIsItsProcessWithThePodsCpuLimit() {
        assertThat(LocalPods.of(pod("process://4242", true, "500m"))).containsExactly(
                new PodProcess("recommendation-abc", 4242, 500L));
        assertThat(LocalPods.of(pod("process://4242", true, "2"))).singleElement()
                .extracting(PodProcess::limitMillicores).isEqualTo(2000L);
        assertThat(LocalPods.of(pod("process://4242", true, null))).singleElement()
                .extracting(PodProcess::limitMillicores).isNull();
    }

    @Test
    void containersOfAnotherRuntimeOrNotRunningAreNotProcessesHere() {
        assertThat(LocalPods.of(pod("containerd://4f3a", true, "500m"))).isEmpty();
        assertThat(LocalPods.of(pod("process://4242", false, "500m"))).isEmpty();
        assertThat(LocalPods.of(new PodBuilder().withNewMetadata().withName("pending").endMetadata().build()))
                .isEmpty();
    }

    private static Pod pod(String containerId, boolean running, String cpuLimit) {
        PodBuilder builder = new PodBuilder().withNewMetadata().withName("recommendation-abc").endMetadata()
                .withNewSpec().addNewContainer().withName("model").withNewResources()
                .withLimits(cpuLimit == null ? Map.of() : Map.of("cpu", new Quantity(cpuLimit)))
                .endResources().endContainer().endSpec();
        builder.withNewStatus().addNewContainerStatus().withName("model").withContainerID(containerId)
                .withNewState().withRunning(running ? new io.fabric8.kubernetes.api.model.ContainerStateRunning()
                        : null).withTerminated(running ? null
                        : new io.fabric8.kubernetes.api.model.ContainerStateTerminated()).endState()
                .endContainerStatus().endStatus();
        return builder.build();
    }
}
