package dev.saleday.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which containers a crash can reach: localkube's processes, never a remote runtime's. */
class PodCrashActionTest {

    private static Pod running(String containerId) {
        return new PodBuilder().withNewMetadata().withName("web-0").endMetadata()
                .withNewStatus().addNewContainerStatus().withName("app").withContainerID(containerId)
                .withNewState().withNewRunning().withStartedAt("2026-12-06T12:00:00Z").endRunning().endState()
                .endContainerStatus().endStatus().build();
    }

    @Test
    void aLocalkubeContainerIsItsProcess() {
        assertThat(PodCrashAction.targets(running("process://4242"), "http://127.0.0.1:41563"))
                .singleElement().satisfies(t -> {
                    assertThat(t.pid()).isEqualTo(4242);
                    assertThat(t.container()).isEqualTo("app");
                });
    }

    @Test
    void aRealClustersContainerIsRefusedWithWhatIsPossibleThere() {
        assertThatThrownBy(() -> PodCrashAction.targets(running("containerd://3f2a"), "https://10.0.0.1:6443"))
                .isInstanceOf(ChaosActionException.class)
                .hasMessageContaining("pod-crash needs containers this machine can signal")
                .hasMessageContaining("kubectl exec web-0 -- kill -KILL 1")
                .hasMessageContaining("pod-kill with gracePeriod: 0s");
        // a process:// id behind a remote API server is not ours to signal either
        assertThatThrownBy(() -> PodCrashAction.targets(running("process://4242"), "https://10.0.0.1:6443"))
                .isInstanceOf(ChaosActionException.class);
    }
}
