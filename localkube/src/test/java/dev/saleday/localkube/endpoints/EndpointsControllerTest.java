package dev.saleday.localkube.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Endpoints controller decides which pods a Service sends new connections to: only ready pods are addresses,
 * and a terminating pod leaves them at once, while it still serves (what a preStop sleep relies on). The pods here
 * are bound to a node no kubelet serves, so their readiness and deletion are exactly what the test writes.
 */
@ExtendWith(ControlPlane.class)
class EndpointsControllerTest {

    static final Map<String, String> WEB = Map.of("app", "web");

    @Test
    void readyPodsAreAddressesTheOthersNotReadyAndATerminatingPodLeavesAtOnce(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("endpoints");
        client.resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
                .withNewSpec().withSelector(WEB).addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build()).create();
        running(client, ns, "web-a", WEB, "127.0.3.1", true);
        running(client, ns, "web-b", WEB, "127.0.3.2", true);
        running(client, ns, "web-c", WEB, "127.0.3.3", false);
        running(client, ns, "other", Map.of("app", "other"), "127.0.3.4", true);

        awaitEndpoints(client, ns, Set.of("127.0.3.1", "127.0.3.2"), Set.of("127.0.3.3"));
        Endpoints endpoints = client.endpoints().inNamespace(ns).withName("web").get();
        assertThat(endpoints.getSubsets()).flatExtracting(EndpointSubset::getPorts)
                .extracting(p -> p.getName() + ":" + p.getPort()).containsOnly("http:8080");

        running(client, ns, "web-c", WEB, "127.0.3.3", true);
        awaitEndpoints(client, ns, Set.of("127.0.3.1", "127.0.3.2", "127.0.3.3"), Set.of());

        // Deleted with a grace period and no kubelet to end it: the pod stays, terminating, and still serving.
        client.pods().inNamespace(ns).withName("web-a").withGracePeriod(30).delete();
        assertThat(client.pods().inNamespace(ns).withName("web-a").get().getMetadata().getDeletionTimestamp())
                .isNotNull();
        awaitEndpoints(client, ns, Set.of("127.0.3.2", "127.0.3.3"), Set.of());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Endpoint> sliceEndpoints = client.discovery().v1().endpointSlices().inNamespace(ns).list()
                    .getItems().stream().map(EndpointSlice::getEndpoints).flatMap(List::stream).toList();
            assertThat(sliceEndpoints).filteredOn(e -> e.getAddresses().contains("127.0.3.1")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.getConditions().getTerminating()).isTrue();
                        assertThat(e.getConditions().getServing()).isTrue();
                        assertThat(e.getConditions().getReady()).isFalse();
                    });
        });
        client.pods().inNamespace(ns).withGracePeriod(0).delete(); // what no kubelet will end, the test ends
    }

    /** Writes what a kubelet would: Running with an IP, Ready or not. Creates the pod first if it is new. */
    static void running(KubernetesClient client, String ns, String name, Map<String, String> labels, String ip,
                        boolean ready) {
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        if (pod == null) {
            // bound to a node no kubelet serves: an unbound pod would be deleted at once, as Kubernetes does
            Pod unbound = Objects.pod(ns, name, labels);
            unbound.getSpec().setNodeName("no-kubelet-node");
            pod = client.resource(unbound).create();
        }
        String status = ready ? "True" : "False";
        Pod updated = new PodBuilder(pod).editOrNewStatus().withPhase("Running").withPodIP(ip)
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus(status).build(),
                        new PodConditionBuilder().withType("ContainersReady").withStatus(status).build())
                .endStatus().build();
        client.pods().inNamespace(ns).resource(updated).updateStatus();
    }

    static void awaitEndpoints(KubernetesClient client, String ns, Set<String> ready, Set<String> notReady) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Endpoints endpoints = client.endpoints().inNamespace(ns).withName("web").get();
            assertThat(endpoints).isNotNull();
            List<EndpointSubset> subsets = endpoints.getSubsets() == null ? List.of() : endpoints.getSubsets();
            assertThat(ips(subsets.stream().flatMap(s -> s.getAddresses().stream()).toList())).isEqualTo(ready);
            assertThat(ips(subsets.stream().flatMap(s -> s.getNotReadyAddresses().stream()).toList()))
                    .isEqualTo(notReady);
        });
    }

    static Set<String> ips(List<EndpointAddress> addresses) {
        Set<String> ips = new TreeSet<>();
        addresses.forEach(a -> ips.add(a.getIp()));
        return ips;
    }
}
