package dev.saleday.localkube.node;

import dev.saleday.localkube.api.ApiServer;
import dev.saleday.localkube.api.ResourceUsage;
import dev.saleday.localkube.controller.ControllerContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * localkube's API server on loopback plus one {@link Kubelet}, no other controllers: tests bind pods to a node by
 * hand ({@code spec.nodeName}). Events are kept in memory for assertions. Logs (current and previous run) and
 * the kubelet's CPU (over 2 s) and memory are served through the API, as in a whole localkube.
 */
public final class NodeTestCluster implements AutoCloseable {

    public record RecordedEvent(String object, String type, String reason, String message) {
    }

    public static final List<String> NODES = List.of("local-node-a", "local-node-b", "local-node-c");

    private final ApiServer api;
    private final KubernetesClient client;
    private final Kubelet kubelet;
    private final Path workDir;
    private final ControllerContext context;
    private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();

    public NodeTestCluster(KubeletConfig config) throws IOException {
        workDir = Files.createTempDirectory("localkube-node-test");
        kubelet = new Kubelet(config);
        api = ApiServer.start(0, new dev.saleday.localkube.api.PodLogs() {
            @Override
            public java.util.Optional<Path> logFile(String namespace, String pod, String container) {
                return kubelet.logFile(namespace, pod, container);
            }

            @Override
            public List<Path> previousRun(String namespace, String pod, String container) {
                return kubelet.logFiles(namespace, pod, container, true);
            }
        }, new ResourceUsage() {
            @Override
            public OptionalDouble cpuMillicores(String namespace, String pod) {
                return kubelet.cpuMillicores(namespace, pod, Duration.ofSeconds(2));
            }

            @Override
            public OptionalLong memoryBytes(String namespace, String pod) {
                return kubelet.memoryBytes(namespace, pod);
            }
        }, kubelet::environment, Clock.systemUTC(), Duration.ofHours(1));
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(api.url())
                .withNamespace("default").withRequestTimeout(10_000).build()).build();
        context = new ControllerContext(client, NODES, workDir, kubelet, this::record, Clock.systemUTC());
        kubelet.start(context);
    }

    /** Test images and the model jar (test classpath), a short back-off and fast CPU sampling. */
    public static KubeletConfig testConfig() {
        return KubeletConfig.defaults(TestImages.catalog().orElse(ImageCatalog.model(TestImages.modelJar())))
                .withBackOff(Duration.ofMillis(300), Duration.ofSeconds(2))
                .withCpuSampling(Duration.ofMillis(200), Duration.ofMinutes(1));
    }

    private void record(HasMetadata involved, String type, String reason, String message) {
        events.add(new RecordedEvent(involved.getMetadata().getName(), type, reason, message));
    }

    public KubernetesClient client() {
        return client;
    }

    public Kubelet kubelet() {
        return kubelet;
    }

    /** The context the kubelet was started with, for starting more controllers against the same API server. */
    public ControllerContext context() {
        return context;
    }

    public String apiUrl() {
        return api.url();
    }

    public List<RecordedEvent> events(String podName) {
        return events.stream().filter(e -> e.object().equals(podName)).toList();
    }

    @Override
    public void close() {
        kubelet.close();
        client.close();
        api.close();
        deleteRecursively(workDir);
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
