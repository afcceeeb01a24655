package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** No container outlives the kubelet: close() kills them all. */
class KubeletShutdownTest {

    @Test
    void closeKillsEveryContainer() throws Exception {
        List<ProcessHandle> containers = new ArrayList<>();
        try (NodeTestCluster cluster = new NodeTestCluster(NodeTestCluster.testConfig())) {
            for (String name : List.of("left-1", "left-2")) {
                cluster.client().pods().resource(TestPods.podServer(name, "local-node-c").build()).create();
            }
            for (String name : List.of("left-1", "left-2")) {
                Pod pod = await().atMost(Duration.ofSeconds(30))
                        .until(() -> cluster.client().pods().withName(name).get(), TestPods::isReady);
                containers.add(ProcessHandle.of(TestPods.pid(pod)).orElseThrow());
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> containers.stream().noneMatch(ProcessHandle::isAlive));
    }
}
