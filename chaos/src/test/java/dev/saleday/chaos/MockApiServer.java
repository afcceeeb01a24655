package dev.saleday.chaos;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/** fabric8's KubernetesMockServer in CRUD mode on loopback, with a kubeconfig file pointing at it. */
final class MockApiServer implements TestCluster {

    /** Held strongly: java.util.logging forgets a level set on a logger nobody references. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final MockWebServer web = new MockWebServer();
    private final Path kubeconfig;
    private final Thread drain;

    MockApiServer() {
        server = new KubernetesMockServer(new Context(), web, new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // The mock keeps every request in a queue: drain it, or it grows for ever.
        drain = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    web.takeRequest(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "mock-request-drain");
        drain.setDaemon(true);
        drain.start();
        try {
            kubeconfig = Files.createTempFile("saleday-chaos-kubeconfig", ".yaml");
            Files.writeString(kubeconfig, Kubeconfigs.text("http://127.0.0.1:" + web.getPort(), TestPlans.CONTEXT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public boolean hasControllers() {
        return false;
    }

    @Override
    public void close() {
        drain.interrupt();
        server.destroy();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
