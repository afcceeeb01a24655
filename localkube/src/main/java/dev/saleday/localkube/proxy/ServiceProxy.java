package dev.saleday.localkube.proxy;

import dev.saleday.localkube.controller.Controller;
import dev.saleday.localkube.controller.ControllerContext;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * kube-proxy for localkube: every Service port gets a stable loopback port (127.0.0.1, ephemeral, kept for the
 * Service's life) that splices each TCP connection to one ready address of the Service's Endpoints, picked at random
 * per connection as kube-proxy's iptables rules do (or in turn: {@link ProxySettings}). The proxy forgets an address
 * that left the Endpoints only {@link ProxySettings#endpointLag()} later (kube-proxy's rules sync), so a pod that
 * turned terminating still gets new connections that long. No HTTP awareness, as with kube-proxy: a keep-alive connection
 * stays on its pod, a pod's death breaks its connections, a pod gone from the Endpoints the proxy sees gets no new
 * connection, and with no ready address a connection is reset at once. Headless Services ({@code clusterIP: None})
 * and ExternalName Services get no port.
 *
 * <p>Each proxied Service is annotated {@value #URL_ANNOTATION}{@code : http://127.0.0.1:PORT} (its first port), so a
 * process that only has the kubeconfig can find it. Wiring: {@code new ServiceProxy()}, {@link #start}, then
 * {@link #serviceUrl(String, String)}.
 */
public final class ServiceProxy implements Controller {

    public static final String URL_ANNOTATION = "localkube.saleday.dev/url";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);

    private final boolean annotateServices;
    private final ProxySettings settings;
    private final LaggedEndpoints seen;
    private final Map<String, Map<String, ServiceListener>> listeners = new ConcurrentHashMap<>();
    private volatile ExecutorService pool;
    private volatile KubernetesClient client;
    private volatile SharedIndexInformer<Endpoints> endpointsInformer;
    private volatile SharedIndexInformer<Service> serviceInformer;
    private volatile boolean closed;

    /** Proxies every Service as kube-proxy's iptables mode does ({@link ProxySettings#defaults()}), annotated. */
    public ServiceProxy() {
        this(true, ProxySettings.defaults());
    }

    /**
     * @param annotateServices write {@value #URL_ANNOTATION} on each proxied Service
     * @param settings         endpoint lag and balancing
     */
    public ServiceProxy(boolean annotateServices, ProxySettings settings) {
        this.annotateServices = annotateServices;
        this.settings = settings;
        this.seen = new LaggedEndpoints(settings.endpointLag(), System::nanoTime);
    }

    @Override
    public String name() {
        return "service-proxy";
    }

    @Override
    public synchronized void start(ControllerContext context) {
        if (pool != null) {
            throw new IllegalStateException("service proxy already started");
        }
        client = context.client();
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "proxy-conn-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        endpointsInformer = client.endpoints().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Endpoints endpoints) {
                seen.changed(key(endpoints), endpoints);
            }

            @Override
            public void onUpdate(Endpoints old, Endpoints endpoints) {
                seen.changed(key(endpoints), endpoints);
            }

            @Override
            public void onDelete(Endpoints endpoints, boolean deletedFinalStateUnknown) {
                seen.changed(key(endpoints), null);
            }
        }, 0);
        serviceInformer = client.services().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service service) {
                sync(service);
            }

            @Override
            public void onUpdate(Service old, Service service) {
                sync(service);
            }

            @Override
            public void onDelete(Service service, boolean deletedFinalStateUnknown) {
                remove(key(service));
            }
        }, 0);
    }

    /** The URL of a Service's first port, e.g. {@code http://127.0.0.1:41234}. */
    public URI serviceUrl(String namespace, String name) {
        Map<String, ServiceListener> ports = listeners.get(namespace + "/" + name);
        if (ports == null || ports.isEmpty()) {
            throw new NoSuchElementException("no proxied Service " + namespace + "/" + name
                    + " (unknown, headless, or without TCP ports)");
        }
        return URI.create("http://127.0.0.1:" + ports.values().iterator().next().localPort());
    }

    /** The loopback port of a named Service port ({@code ""} for an unnamed one). */
    public OptionalInt servicePort(String namespace, String name, String portName) {
        Map<String, ServiceListener> ports = listeners.get(namespace + "/" + name);
        ServiceListener listener = ports == null ? null : ports.get(portName == null ? "" : portName);
        return listener == null ? OptionalInt.empty() : OptionalInt.of(listener.localPort());
    }

    /** Stops watching, closes every port and breaks every proxied connection. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (serviceInformer != null) {
            serviceInformer.stop();
        }
        if (endpointsInformer != null) {
            endpointsInformer.stop();
        }
        new ArrayList<>(listeners.keySet()).forEach(this::remove);
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private synchronized void sync(Service service) {
        if (closed) {
            return;
        }
        String key = key(service);
        var spec = service.getSpec();
        boolean proxied = spec != null && !"None".equals(spec.getClusterIP())
                && !"ExternalName".equals(spec.getType()) && spec.getPorts() != null;
        List<ServicePort> ports = !proxied ? List.of() : spec.getPorts().stream()
                .filter(port -> port.getProtocol() == null || "TCP".equals(port.getProtocol())).toList();
        if (ports.isEmpty()) {
            remove(key);
            return;
        }
        Map<String, ServiceListener> existing = listeners.getOrDefault(key, Map.of());
        Map<String, ServiceListener> next = new LinkedHashMap<>();
        for (ServicePort port : ports) {
            String portName = port.getName() == null ? "" : port.getName();
            ServiceListener listener = existing.get(portName);
            try {
                if (listener == null) {
                    listener = new ServiceListener(key + "/" + portName, port, ports.size() == 1,
                            () -> seen.current(key), settings.balancing(), pool);
                } else {
                    listener.update(port, ports.size() == 1);
                }
                next.put(portName, listener);
            } catch (IOException e) {
                LOG.warn("service {}: cannot open a loopback port: {}", key, e.getMessage());
            }
        }
        existing.forEach((portName, listener) -> {
            if (!next.containsKey(portName)) {
                listener.close();
            }
        });
        listeners.put(key, next);
        if (annotateServices && !next.isEmpty()) {
            String url = "http://127.0.0.1:" + next.values().iterator().next().localPort();
            Map<String, String> annotations = service.getMetadata().getAnnotations();
            if (annotations == null || !url.equals(annotations.get(URL_ANNOTATION))) {
                pool.execute(() -> annotate(service.getMetadata().getNamespace(), service.getMetadata().getName(),
                        url));
            }
        }
    }

    private void annotate(String namespace, String name, String url) {
        try {
            client.services().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"" + URL_ANNOTATION + "\":\"" + url + "\"}}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("service {}/{}: cannot annotate its URL: {}", namespace, name, e.getMessage());
            }
        }
    }

    private synchronized void remove(String key) {
        Map<String, ServiceListener> ports = listeners.remove(key);
        if (ports != null) {
            ports.values().forEach(ServiceListener::close);
        }
    }

    private static String key(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
