package dev.saleday.localkube.deployments;

import dev.saleday.localkube.controllers.Pods;
import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Watches every pod change during a rollout and checks each observed state against maxSurge/maxUnavailable. */
@ExtendWith(ControlPlane.class)
class RollingUpdateTest {

    record State(int total, int ready) {
    }

    @Test
    void maxUnavailableZeroMaxSurgeOne(ControlPlane cluster) {
        List<State> states = rollout(cluster, "surge", 4, 1, 0);
        assertThat(states).allSatisfy(s -> {
            assertThat(s.total()).as("pods at most replicas + maxSurge").isLessThanOrEqualTo(5);
            assertThat(s.ready()).as("ready pods at least replicas - maxUnavailable").isGreaterThanOrEqualTo(4);
        });
        assertThat(states).anySatisfy(s -> assertThat(s.total()).isEqualTo(5));
    }

    @Test
    void maxUnavailableOneMaxSurgeZero(ControlPlane cluster) {
        List<State> states = rollout(cluster, "unavailable", 4, 0, 1);
        assertThat(states).allSatisfy(s -> {
            assertThat(s.total()).isLessThanOrEqualTo(4);
            assertThat(s.ready()).isGreaterThanOrEqualTo(3);
        });
        assertThat(states).anySatisfy(s -> assertThat(s.ready()).isEqualTo(3));
    }

    private static List<State> rollout(ControlPlane cluster, String prefix, int replicas, int maxSurge, int maxUnavailable) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace(prefix);
        client.resource(Objects.rolling(Objects.deployment(ns, "web", replicas, "saleday/recommendation:v1"),
                maxSurge, maxUnavailable)).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(30));
        List<State> states = new CopyOnWriteArrayList<>();
        Map<String, Pod> pods = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean synced = new java.util.concurrent.atomic.AtomicBoolean();
        SharedIndexInformer<Pod> informer = client.pods().inNamespace(ns).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                pods.put(pod.getMetadata().getName(), pod);
                record();
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                pods.put(pod.getMetadata().getName(), pod);
                record();
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                pods.remove(pod.getMetadata().getName());
                record();
            }

            private void record() {
                // as Kubernetes counts: terminating pods are neither replicas nor available
                if (synced.get()) {
                    states.add(new State((int) pods.values().stream().filter(p -> !Pods.isTerminating(p)).count(),
                            (int) pods.values().stream().filter(p -> Pods.isReady(p) && !Pods.isTerminating(p)).count()));
                }
            }
        });
        synced.set(true);
        try {
            client.apps().deployments().inNamespace(ns).withName("web").edit(d -> new DeploymentBuilder(d).editSpec()
                    .editTemplate().editSpec().editContainer(0).withImage("saleday/recommendation:v2").endContainer()
                    .endSpec().endTemplate().endSpec().build());
            cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(60));
            assertThat(client.pods().inNamespace(ns).list().getItems()).filteredOn(p -> !Pods.isTerminating(p))
                    .hasSize(replicas)
                    .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).endsWith(":v2"));
        } finally {
            informer.close();
        }
        assertThat(states).isNotEmpty();
        return states;
    }
}
