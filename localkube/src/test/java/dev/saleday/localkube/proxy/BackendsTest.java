package dev.saleday.localkube.proxy;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Which addresses a Service port proxies to, read from Endpoints. */
class BackendsTest {

    private static final Endpoints ENDPOINTS = new EndpointsBuilder().withNewMetadata().withName("web").endMetadata()
            .addNewSubset()
            .addToAddresses(new EndpointAddress(null, "127.0.1.2", null, null))
            .addToAddresses(new EndpointAddress(null, "127.0.1.1", null, null))
            .addToNotReadyAddresses(new EndpointAddress(null, "127.0.1.3", null, null))
            .addNewPort().withName("http").withPort(8080).endPort()
            .addNewPort().withName("metrics").withPort(9090).endPort()
            .endSubset().build();

    @Test
    void readyAddressesOnlyWithThePortOfTheSameName() {
        ServicePort http = new ServicePortBuilder().withName("http").withPort(80).build();
        assertThat(Backends.ready(ENDPOINTS, http, false)).containsExactly(
                InetSocketAddress.createUnresolved("127.0.1.1", 8080),
                InetSocketAddress.createUnresolved("127.0.1.2", 8080));
        ServicePort metrics = new ServicePortBuilder().withName("metrics").withPort(9000).build();
        assertThat(Backends.ready(ENDPOINTS, metrics, false)).extracting(InetSocketAddress::getPort)
                .containsOnly(9090);
    }

    @Test
    void noEndpointsOrNoMatchingPortMeansNoBackend() {
        ServicePort other = new ServicePortBuilder().withName("grpc").withPort(81).build();
        assertThat(Backends.ready(ENDPOINTS, other, false)).isEmpty();
        assertThat(Backends.ready(null, other, true)).isEmpty();
    }
}
