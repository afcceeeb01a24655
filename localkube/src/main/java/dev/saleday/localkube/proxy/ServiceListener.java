package dev.saleday.localkube.proxy;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The loopback port of one Service port: accepts connections and splices each to a ready backend, at random or in
 * turn ({@link ProxySettings.Balancing}), chosen when the connection opens (from the Endpoints as the proxy sees them
 * at that moment). With no ready backend the connection is reset at once.
 */
final class ServiceListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceListener.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final String serviceKey;
    private final ServerSocket server;
    private final ExecutorService pool;
    private final Supplier<Endpoints> endpoints;
    private final Set<ProxiedConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextBackend = new AtomicLong();
    private final ProxySettings.Balancing balancing;
    private volatile ServicePort servicePort;
    private volatile boolean onlyPort;
    private volatile boolean closed;

    ServiceListener(String serviceKey, ServicePort servicePort, boolean onlyPort, Supplier<Endpoints> endpoints,
                    ProxySettings.Balancing balancing, ExecutorService pool) throws IOException {
        this.serviceKey = serviceKey;
        this.balancing = balancing;
        this.servicePort = servicePort;
        this.onlyPort = onlyPort;
        this.endpoints = endpoints;
        this.pool = pool;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        Thread acceptor = new Thread(this::acceptLoop, "proxy-" + serviceKey + ":" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int localPort() {
        return server.getLocalPort();
    }

    /** The Service changed but kept this port: keep the socket, follow the new spec. */
    void update(ServicePort port, boolean onlyServicePort) {
        this.servicePort = port;
        this.onlyPort = onlyServicePort;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("proxy {}: accept failed: {}", serviceKey, e.getMessage());
                }
                continue;
            }
            try {
                pool.execute(() -> serve(client));
            } catch (RuntimeException e) {
                reset(client);
            }
        }
    }

    private void serve(Socket client) {
        List<InetSocketAddress> backends = Backends.ready(endpoints.get(), servicePort, onlyPort);
        if (backends.isEmpty()) {
            reset(client);
            return;
        }
        int index = balancing == ProxySettings.Balancing.RANDOM
                ? java.util.concurrent.ThreadLocalRandom.current().nextInt(backends.size())
                : (int) (nextBackend.getAndIncrement() % backends.size());
        InetSocketAddress target = backends.get(index);
        Socket backend = new Socket();
        try {
            backend.setTcpNoDelay(true);
            backend.connect(new InetSocketAddress(target.getHostString(), target.getPort()), CONNECT_TIMEOUT_MILLIS);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            reset(client);
            try {
                backend.close();
            } catch (IOException ignored) {
                // never connected
            }
            return;
        }
        ProxiedConnection[] holder = new ProxiedConnection[1];
        holder[0] = new ProxiedConnection(client, backend, () -> open.remove(holder[0]));
        open.add(holder[0]);
        if (closed) {
            holder[0].close(true);
            return;
        }
        holder[0].run(pool);
    }

    private static void reset(Socket client) {
        try {
            client.setSoLinger(true, 0);
            client.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Stops accepting and breaks every open connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(connection -> connection.close(true));
    }
}
