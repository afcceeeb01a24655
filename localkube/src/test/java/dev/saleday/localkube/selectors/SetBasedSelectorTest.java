package dev.saleday.localkube.selectors;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ControlPlane.class)
class SetBasedSelectorTest {

    @Test
    void inNotInExistsAndDoesNotExistReallyFilterLists(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("sel");
        client.resource(Objects.pod(ns, "a", Map.of("app", "shop", "tier", "web"))).create();
        client.resource(Objects.pod(ns, "b", Map.of("app", "shop", "tier", "db"))).create();
        client.resource(Objects.pod(ns, "c", Map.of("app", "other"))).create();

        assertThat(names(client.pods().inNamespace(ns).withLabelIn("tier", "web", "cache").list().getItems()))
                .containsExactly("a");
        assertThat(names(client.pods().inNamespace(ns).withLabelNotIn("tier", "web").list().getItems()))
                .containsExactly("b", "c");
        assertThat(names(client.pods().inNamespace(ns).withLabel("tier").list().getItems())).containsExactly("a", "b");
        assertThat(names(client.pods().inNamespace(ns).withoutLabel("tier").list().getItems())).containsExactly("c");
        assertThat(names(client.pods().inNamespace(ns).withLabelSelector(new io.fabric8.kubernetes.api.model
                .LabelSelectorBuilder().addToMatchLabels("app", "shop").addNewMatchExpression().withKey("tier")
                .withOperator("NotIn").withValues("db").endMatchExpression().build()).list().getItems()))
                .containsExactly("a");
    }

    @Test
    void aWatchWithAnInSelectorSeesOnlyItsPodsAndPodsLeavingIt(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("selw");
        List<String> events = new CopyOnWriteArrayList<>();
        Watch watch = client.pods().inNamespace(ns).withLabelIn("tier", "web").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                events.add(action + " " + pod.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            client.resource(Objects.pod(ns, "web", Map.of("tier", "web"))).create();
            client.resource(Objects.pod(ns, "db", Map.of("tier", "db"))).create();
            client.pods().inNamespace(ns).withName("web").edit(p -> new PodBuilder(p).editMetadata()
                    .addToLabels("tier", "gone").endMetadata().build());
            client.pods().inNamespace(ns).withName("db").edit(p -> new PodBuilder(p).editMetadata()
                    .addToLabels("tier", "web").endMetadata().build());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(events).containsExactly("ADDED web", "DELETED web", "ADDED db"));
        } finally {
            watch.close();
        }
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }
}
