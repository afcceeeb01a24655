package dev.saleday.localkube.proxy;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy forgets a ready address only endpointLag after it left the Endpoints; new ones count at once. */
class LaggedEndpointsTest {

    private static Endpoints ready(String... ips) {
        EndpointsBuilder builder = new EndpointsBuilder().withNewMetadata().withName("web").endMetadata();
        if (ips.length > 0) {
            io.fabric8.kubernetes.api.model.EndpointSubsetBuilder subset = new io.fabric8.kubernetes.api.model
                    .EndpointSubsetBuilder().addNewPort().withName("http").withPort(8080).endPort();
            for (String ip : ips) {
                subset.addNewAddress().withIp(ip).endAddress();
            }
            builder.addToSubsets(subset.build());
        }
        return builder.build();
    }

    private static List<String> ips(Endpoints endpoints) {
        if (endpoints == null || endpoints.getSubsets() == null) {
            return List.of();
        }
        return endpoints.getSubsets().stream().map(EndpointSubset::getAddresses).filter(a -> a != null)
                .flatMap(List::stream).map(a -> a.getIp()).sorted().toList();
    }

    @Test
    void aRemovedAddressLingersForTheLagANewOneCountsAtOnce() {
        AtomicLong nowNanos = new AtomicLong(0);
        LaggedEndpoints view = new LaggedEndpoints(Duration.ofSeconds(1), nowNanos::get);
        assertThat(view.current("shop/web")).isNull();
        view.changed("shop/web", ready("10.0.0.1", "10.0.0.2"));
        assertThat(ips(view.current("shop/web"))).as("a new Service is reachable at once")
                .containsExactly("10.0.0.1", "10.0.0.2");
        nowNanos.set(Duration.ofMillis(5_000).toNanos());
        view.changed("shop/web", ready("10.0.0.2", "10.0.0.3"));    // .1 terminating, .3 ready
        assertThat(ips(view.current("shop/web"))).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
        nowNanos.set(Duration.ofMillis(5_999).toNanos());
        assertThat(ips(view.current("shop/web"))).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
        nowNanos.set(Duration.ofMillis(6_000).toNanos());
        assertThat(ips(view.current("shop/web"))).as("forgotten 1 s after").containsExactly("10.0.0.2", "10.0.0.3");
        view.changed("shop/web", null);
        nowNanos.set(Duration.ofMillis(6_500).toNanos());
        assertThat(ips(view.current("shop/web"))).as("a deleted Endpoints lingers too")
                .containsExactly("10.0.0.2", "10.0.0.3");
        nowNanos.set(Duration.ofMillis(7_001).toNanos());
        assertThat(view.current("shop/web")).isNull();
        // the lingering subset keeps its ports
        view.changed("shop/web", ready("10.0.0.4"));
        view.changed("shop/web", ready());
        assertThat(view.current("shop/web").getSubsets()).singleElement()
                .satisfies(s -> assertThat(s.getPorts().get(0).getPort()).isEqualTo(8080));
        assertThat(Arrays.asList(ips(view.current("shop/other")).toArray())).isEmpty();
    }

    @Test
    void noLagIsTheLatestChange() {
        LaggedEndpoints view = new LaggedEndpoints(Duration.ZERO, () -> 5);
        view.changed("shop/web", ready("10.0.0.1"));
        view.changed("shop/web", ready("10.0.0.2"));
        assertThat(ips(view.current("shop/web"))).containsExactly("10.0.0.2");
    }
}
