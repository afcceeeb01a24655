package dev.saleday.localkube.events;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ControlPlane.class)
class EventsTest {

    @Test
    void controllersRecordTheEventsARealClusterRecords(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("events");
        client.resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", Duration.ofSeconds(20));
        client.apps().deployments().inNamespace(ns).withName("web").scale(1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list()
                .getItems()).extracting(Event::getReason)
                .contains("ScalingReplicaSet", "SuccessfulCreate", "Scheduled", "SuccessfulDelete"));
        Event scheduled = client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> e.getReason().equals("Scheduled")).findFirst().orElseThrow();
        assertThat(scheduled.getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(scheduled.getMessage()).matches("Successfully assigned " + ns + "/web-.* to local-node-[abc]");
        assertThat(client.v1().events().inNamespace(ns).withField("involvedObject.kind", "Deployment").list().getItems())
                .isNotEmpty().allSatisfy(e -> assertThat(e.getReason()).isEqualTo("ScalingReplicaSet"));
    }
}
