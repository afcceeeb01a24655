package dev.saleday.localkube.node;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One {@link NodeTestCluster} for every test class that asks for it (starting one costs seconds on a busy machine),
 * closed when the whole test run ends. Tests share it by using distinct pod names.
 */
public final class SharedNodeCluster implements BeforeAllCallback {

    private static volatile NodeTestCluster cluster;

    private record Closer(NodeTestCluster cluster) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            cluster.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Closer.class, key -> {
            try {
                cluster = new NodeTestCluster(NodeTestCluster.testConfig());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Closer(cluster);
        }, Closer.class);
    }

    /** The shared cluster; only valid in a class extended with this extension. */
    public static NodeTestCluster get() {
        if (cluster == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedNodeCluster.class)");
        }
        return cluster;
    }
}
