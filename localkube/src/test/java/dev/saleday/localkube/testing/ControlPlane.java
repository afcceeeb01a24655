package dev.saleday.localkube.testing;

import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JUnit 5 extension: one localkube control plane (no processes) shared by every test class that uses it (booting
 * once keeps the suite fast; closed when the test run ends), with a {@link FakeKubelet} (pods
 * Ready 300 ms after scheduling, gone 200 ms after deletion) and {@link FakeMetrics} for the HPA (1 s sync).
 * Injects {@link ControlPlane}; each test takes a fresh namespace from {@link #newNamespace}.
 */
public final class ControlPlane implements BeforeAllCallback, ParameterResolver {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private LocalKube kube;
    private FakeKubelet kubelet;
    private FakeMetrics metrics;

    /** The shared cluster, closed by JUnit when the root context closes. */
    private static final class Shared implements ExtensionContext.Store.CloseableResource {
        final FakeMetrics metrics = new FakeMetrics();
        final LocalKube kube = LocalKube.start(LocalKubeConfig.defaults().withHpaSyncPeriod(Duration.ofSeconds(1))
                .withHpaMetricsWindow(Duration.ofSeconds(1)).controlPlaneOnly(metrics));
        final FakeKubelet kubelet = new FakeKubelet(kube.client(), Duration.ofMillis(300), Duration.ofMillis(200));

        @Override
        public void close() {
            kubelet.close();
            kube.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Shared shared = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(ControlPlane.class.getName(), k -> new Shared(), Shared.class);
        kube = shared.kube;
        kubelet = shared.kubelet;
        metrics = shared.metrics;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == ControlPlane.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return this;
    }

    public LocalKube kube() {
        return kube;
    }

    public KubernetesClient client() {
        return kube.client();
    }

    public FakeMetrics metrics() {
        return metrics;
    }

    /** Creates and returns a namespace no other test uses. */
    public String newNamespace(String prefix) {
        String name = prefix + "-" + NAMESPACES.incrementAndGet();
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }
}
