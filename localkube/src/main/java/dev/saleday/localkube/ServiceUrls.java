package dev.saleday.localkube;

import dev.saleday.localkube.proxy.ServiceProxy;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/** Service URLs of a running localkube, from its Service proxy (none when pods do not run). */
final class ServiceUrls {

    /** A Service just applied may take the proxy a moment to open its port. */
    private static final Duration WAIT_FOR_PROXY = Duration.ofSeconds(10);

    private final ServiceProxy proxy;
    private final KubernetesClient client;

    ServiceUrls(ServiceProxy proxy, KubernetesClient client) {
        this.proxy = proxy;
        this.client = client;
    }

    URI url(String namespace, String service) {
        if (proxy == null) {
            throw new IllegalStateException("no Service proxy runs in this localkube (started control-plane only): "
                    + "no URL for " + namespace + "/" + service);
        }
        long deadline = System.nanoTime() + WAIT_FOR_PROXY.toNanos();
        while (true) {
            try {
                return proxy.serviceUrl(namespace, service);
            } catch (NoSuchElementException e) {
                if (System.nanoTime() > deadline || client.services().inNamespace(namespace).withName(service).get() == null) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    Map<String, URI> all() {
        Map<String, URI> urls = new TreeMap<>();
        if (proxy == null) {
            return urls;
        }
        for (Service service : client.services().inAnyNamespace().list().getItems()) {
            try {
                urls.put(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName(),
                        url(service.getMetadata().getNamespace(), service.getMetadata().getName()));
            } catch (NoSuchElementException e) {
                // headless or without TCP ports: no URL
            }
        }
        return urls;
    }
}
