package dev.saleday.localkube.api;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ApiServerSmokeTest {

    @Test
    void crudAndInformers() {
        try (ApiServer server = ApiServer.start(0, PodLogs.NONE, Clock.systemUTC(), Duration.ofHours(1));
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                     .withMasterUrl(server.url()).build()).build()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
            List<String> seen = new CopyOnWriteArrayList<>();
            SharedIndexInformer<Pod> informer = client.pods().inNamespace("shop").inform(new ResourceEventHandler<>() {
                @Override public void onAdd(Pod obj) { seen.add("add " + obj.getMetadata().getName()); }
                @Override public void onUpdate(Pod o, Pod n) { seen.add("update " + n.getMetadata().getName()); }
                @Override public void onDelete(Pod obj, boolean unknown) { seen.add("delete " + obj.getMetadata().getName()); }
            });
            for (String app : List.of("a", "b", "c")) {
                client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("p-" + app)
                        .addToLabels("app", app).endMetadata().withNewSpec().addNewContainer().withName("c")
                        .withImage("x:1").endContainer().endSpec().build()).create();
            }
            assertThat(client.pods().inNamespace("shop").withLabelIn("app", "a", "b").list().getItems()).hasSize(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 3);
            client.pods().inNamespace("shop").withName("p-a").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("delete p-a"));
            informer.close();
        }
    }
}
