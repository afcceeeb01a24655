package dev.saleday.chaos;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link MockApiServer} and a client of it for a test class, started before its first test and closed after its
 * last: {@code @RegisterExtension static final OnMockApiServer api = new OnMockApiServer();}.
 */
final class OnMockApiServer implements BeforeAllCallback, AfterAllCallback {

    private TestCluster cluster;
    private KubernetesClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = new MockApiServer();
        client = cluster.client();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        client.close();
        cluster.close();
    }

    TestCluster cluster() {
        return cluster;
    }

    KubernetesClient client() {
        return client;
    }
}
