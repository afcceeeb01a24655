package dev.saleday.localkube.proxy;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The ready backends of one Service port, read from its Endpoints as kube-proxy reads them. */
final class Backends {

    private Backends() {
    }

    /**
     * @return the ready addresses ({@code subsets[].addresses}, never {@code notReadyAddresses}) with the endpoint
     *         port that matches {@code servicePort} by name (or the only port when the Service has only one), in a
     *         stable order
     */
    static List<InetSocketAddress> ready(Endpoints endpoints, ServicePort servicePort, boolean onlyServicePort) {
        List<InetSocketAddress> backends = new ArrayList<>();
        if (endpoints == null || endpoints.getSubsets() == null) {
            return backends;
        }
        String portName = servicePort.getName() == null ? "" : servicePort.getName();
        for (EndpointSubset subset : endpoints.getSubsets()) {
            if (subset.getAddresses() == null || subset.getPorts() == null) {
                continue;
            }
            Integer port = null;
            for (EndpointPort candidate : subset.getPorts()) {
                String name = candidate.getName() == null ? "" : candidate.getName();
                boolean tcp = candidate.getProtocol() == null || "TCP".equals(candidate.getProtocol());
                if (tcp && (name.equals(portName) || (onlyServicePort && subset.getPorts().size() == 1))) {
                    port = candidate.getPort();
                    break;
                }
            }
            if (port == null) {
                continue;
            }
            for (EndpointAddress address : subset.getAddresses()) {
                if (address.getIp() != null) {
                    backends.add(InetSocketAddress.createUnresolved(address.getIp(), port));
                }
            }
        }
        backends.sort(Comparator.comparing(InetSocketAddress::getHostString)
                .thenComparingInt(InetSocketAddress::getPort));
        return backends.stream().distinct().toList();
    }
}
