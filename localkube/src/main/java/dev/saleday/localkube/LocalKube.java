package dev.saleday.localkube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.ApiServer;
import dev.saleday.localkube.api.Json;
import dev.saleday.localkube.api.PodExec;
import dev.saleday.localkube.api.PodLogs;
import dev.saleday.localkube.api.ResourceTypes;
import dev.saleday.localkube.api.ResourceUsage;
import dev.saleday.localkube.apply.Manifests;
import dev.saleday.localkube.controller.Controller;
import dev.saleday.localkube.controller.ControllerContext;
import dev.saleday.localkube.controller.NodeFailure;
import dev.saleday.localkube.controller.PodMetrics;
import dev.saleday.localkube.controllers.ApiEventRecorder;
import dev.saleday.localkube.controllers.DeploymentController;
import dev.saleday.localkube.controllers.EndpointsController;
import dev.saleday.localkube.controllers.GarbageCollector;
import dev.saleday.localkube.controllers.JobController;
import dev.saleday.localkube.controllers.NodeAutoscaler;
import dev.saleday.localkube.controllers.NodeHeartbeat;
import dev.saleday.localkube.controllers.NodeLifecycle;
import dev.saleday.localkube.controllers.NodeRegistrar;
import dev.saleday.localkube.controllers.ReplicaSetController;
import dev.saleday.localkube.controllers.SchedulerController;
import dev.saleday.localkube.controllers.hpa.HpaController;
import dev.saleday.localkube.controllers.hpa.ReplicaCalculator;
import dev.saleday.localkube.node.Kubelet;
import dev.saleday.localkube.node.KubeletConfig;
import dev.saleday.localkube.node.ImageCatalog;
import dev.saleday.localkube.proxy.ServiceProxy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An embedded Kubernetes on loopback: API server, controllers, and (unless configured off) a kubelet running pods
 * as child processes and a Service proxy. Everything is stopped by {@link #close()}, child processes included.
 *
 * <pre>{@code
 * try (LocalKube kube = LocalKube.start(LocalKubeConfig.defaults())) {
 *     kube.apply(Path.of("k8s/overlays/local"));
 *     kube.awaitDeploymentReady("shop", "recommendation", Duration.ofMinutes(2));
 *     URI url = kube.serviceUrl("shop", "recommendation-service");
 * }
 * }</pre>
 */
public final class LocalKube implements AutoCloseable {

    /** Apply order: what others refer to goes first. */
    private static final List<String> KIND_ORDER = List.of("Namespace", "CustomResourceDefinition", "ServiceAccount",
            "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap", "Secret", "PersistentVolumeClaim",
            "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
            "HorizontalPodAutoscaler", "PodDisruptionBudget");

    static final String AUDIT_LOG = "audit.log";

    private final LocalKubeConfig config;
    private final ApiServer server;
    private final KubernetesClient client;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final Path kubeconfig;
    private final ApiEventRecorder events;
    private final List<Controller> controllers = new ArrayList<>();
    private final ServiceUrls serviceUrls;
    private volatile boolean closed;

    private LocalKube(LocalKubeConfig config, ApiServer server, KubernetesClient client, Path workDir, boolean ownsWorkDir,
                      Path kubeconfig, ApiEventRecorder events, ServiceUrls serviceUrls) {
        this.config = config;
        this.server = server;
        this.client = client;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.kubeconfig = kubeconfig;
        this.events = events;
        this.serviceUrls = serviceUrls;
    }

    /** Starts the API server and every controller; returns once their caches are synced and the nodes exist. */
    public static LocalKube start(LocalKubeConfig config) {
        Path workDir;
        boolean ownsWorkDir = config.workDir() == null;
        try {
            workDir = ownsWorkDir ? Files.createTempDirectory("localkube-") : Files.createDirectories(config.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work dir: " + e.getMessage(), e);
        }
        Kubelet kubelet = null;
        if (config.runPods()) {
            Path jar = config.resolvedModelJar();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("the model jar " + jar + " does not exist: build it (mvn -pl model "
                        + "package) or set -D" + LocalKubeConfig.MODEL_JAR_PROPERTY + "=PATH");
            }
            Duration base = config.restartBackOffBase();
            kubelet = new Kubelet(KubeletConfig.defaults(ImageCatalog.model(jar)
                    .orElse(ImageCatalog.harness(LocalKubeConfig.defaultHarnessJar(),
                            System.getProperty(LocalKubeConfig.HARNESS_CLASSPATH_PROPERTY))))
                    .withBackOff(base, base.multipliedBy(30))
                    .withCgroupCpuLimits(LocalKubeConfig.kernelCpuLimits()));
        }
        Kubelet podRunner = kubelet;
        PodLogs logs = podRunner == null ? PodLogs.NONE : new PodLogs() {
            @Override
            public Optional<Path> logFile(String namespace, String pod, String container) {
                return podRunner.logFile(namespace, pod, container);
            }

            @Override
            public List<Path> previousRun(String namespace, String pod, String container) {
                return podRunner.logFiles(namespace, pod, container, true);
            }
        };
        PodMetrics metrics = podRunner != null ? podRunner : config.podMetrics();
        PodExec exec = podRunner == null ? PodExec.NONE : podRunner::environment;
        ApiServer server = ApiServer.start(0, config.apiPort(), logs, usage(metrics, config.hpaMetricsWindow()), exec,
                Clock.systemUTC(), Duration.ofHours(1), workDir.resolve(AUDIT_LOG));
        LocalKube kube = null;
        try {
            Path kubeconfig = Kubeconfig.write(workDir.resolve("kubeconfig"), server.secureUrl(),
                    server.certificates().caPem());
            KubernetesClient client = client(server.url());
            ApiEventRecorder events = new ApiEventRecorder(client, Clock.systemUTC(), "localkube");
            ServiceProxy proxy = podRunner == null ? null : new ServiceProxy(true, config.proxy());
            ServiceUrls urls = new ServiceUrls(proxy, client);
            kube = new LocalKube(config, server, client, workDir, ownsWorkDir, kubeconfig, events, urls);
            ControllerContext context = new ControllerContext(client, config.allNodeNames(), workDir, metrics, events,
                    Clock.systemUTC());
            // the nodes first (as kubelets register before anything is scheduled), then every other controller at
            // once, as kube-controller-manager starts them: each lists and watches its own objects (no faster on an
            // idle machine, where the start is class loading; docs/perf/localkube.md)
            kube.startController(new NodeRegistrar(config.nodePool(), config.nodeNames()), context);
            List<Controller> others = new ArrayList<>(List.of(
                    new NodeHeartbeat(config.nodePool().leaseRenewInterval()),
                    new NodeLifecycle(config.nodePool().nodeMonitorGracePeriod(),
                            config.nodePool().nodeMonitorPeriod()),
                    new SchedulerController(),
                    new ReplicaSetController(),
                    new DeploymentController(),
                    new JobController(),
                    new GarbageCollector(),
                    new EndpointsController(),
                    new HpaController(config.hpaSyncPeriod(), config.hpaMetricsWindow(),
                            ReplicaCalculator.DEFAULT_TOLERANCE)));
            List<String> grown = config.nodePool().grownNodeNames(config.nodeNames());
            if (!grown.isEmpty()) {
                others.add(new NodeAutoscaler(config.nodePool(), grown));
            }
            if (podRunner != null) {
                others.add(podRunner);
                others.add(proxy);
            }
            kube.startControllers(others, context);
            return kube;
        } catch (IOException | RuntimeException e) {
            if (kube != null) {
                kube.close();
            } else {
                server.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The metrics API serves the figures the HPA reads: CPU over the HPA's metrics window. */
    private static ResourceUsage usage(PodMetrics metrics, Duration window) {
        if (metrics == null) {
            return ResourceUsage.NONE;
        }
        return new ResourceUsage() {
            @Override
            public java.util.OptionalDouble cpuMillicores(String namespace, String pod) {
                return metrics.cpuMillicores(namespace, pod, window);
            }

            @Override
            public java.util.OptionalLong memoryBytes(String namespace, String pod) {
                return metrics.memoryBytes(namespace, pod);
            }

            @Override
            public long windowSeconds() {
                return Math.max(1, window.toSeconds());
            }
        };
    }

    private void startController(Controller controller, ControllerContext context) {
        controllers.add(controller);
        controller.start(context);
    }

    /** Starts the controllers side by side and returns once every one has started (its caches synced). */
    private void startControllers(List<Controller> toStart, ControllerContext context) {
        controllers.addAll(toStart);
        ExecutorService starters = Executors.newFixedThreadPool(
                toStart.size(), runnable -> {
                    Thread thread = new Thread(runnable, "localkube-controller-start");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            CompletableFuture<?>[] started = toStart.stream()
                    .map(c -> CompletableFuture.runAsync(() -> c.start(context), starters))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(started).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            starters.shutdown();
        }
    }

    static KubernetesClient client(String url) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default")
                .withRequestTimeout(30_000).withConnectionTimeout(10_000).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public Path kubeconfigPath() {
        return kubeconfig;
    }

    /**
     * The audit log of the requests made with ServiceAccount tokens ({@code audit.k8s.io/v1} Events, one per line,
     * with the authorization decision), in the work directory.
     */
    public Path auditLogPath() {
        return workDir.resolve(AUDIT_LOG);
    }

    /** Requests refused by authorization (403) since the start. */
    public long deniedRequests() {
        return server.deniedRequests();
    }

    /**
     * The API server's plain HTTP URL on loopback, e.g. {@code http://127.0.0.1:41234}, for in-process clients
     * (kubectl and the kubeconfig use {@link #secureApiUrl()}).
     */
    public String apiUrl() {
        return server.url();
    }

    /**
     * The API server's HTTPS URL, e.g. {@code https://127.0.0.1:6443}: the kubeconfig's server, its certificate
     * signed by {@link #caCertificatePem()}.
     */
    public String secureApiUrl() {
        return server.secureUrl();
    }

    /** The CA of {@link #secureApiUrl()} (the kubeconfig's {@code certificate-authority-data}), in PEM. */
    public String caCertificatePem() {
        return server.certificates().caPem();
    }

    /** A client of this cluster (closed by {@link #close()}). */
    public KubernetesClient client() {
        return client;
    }

    public Path workDir() {
        return workDir;
    }

    /** @return whether the kernel holds the pods to their CPU limits (CFS quotas); false without pods or cgroups */
    public boolean kernelCpuLimits() {
        return controllers.stream().anyMatch(c -> c instanceof Kubelet kubelet && kubelet.kernelCpuLimits());
    }

    public LocalKubeConfig config() {
        return config;
    }

    /**
     * Applies a kustomize folder, a folder of YAML files, or a YAML file, as {@code kubectl apply} would (server-side
     * apply: created when absent, merged when present); namespaces the objects name are created first if missing.
     *
     * @return the applied objects, as the API server stored them
     */
    public List<HasMetadata> apply(Path folderOrYaml) {
        List<ObjectNode> objects = new ArrayList<>(Manifests.load(folderOrYaml));
        objects.sort(Comparator.comparing(o -> {
            int i = KIND_ORDER.indexOf(o.path("kind").asText());
            return i < 0 ? KIND_ORDER.size() : i;
        }));
        List<HasMetadata> applied = new ArrayList<>();
        for (ObjectNode object : objects) {
            boolean namespaced = ResourceTypes.byKind(object.path("apiVersion").asText(), object.path("kind").asText())
                    .map(t -> t.namespaced()).orElse(true);
            String namespace = Json.namespace(object);
            if (namespaced) {
                if (namespace.isEmpty()) {
                    namespace = "default";
                    Json.metadata(object).put("namespace", namespace);
                }
                ensureNamespace(namespace);
            }
            HasMetadata resource = client.getKubernetesSerialization().unmarshal(Json.write(object), HasMetadata.class);
            applied.add(client.resource(resource).fieldManager("localkube-apply").forceConflicts().serverSideApply());
        }
        return applied;
    }

    private void ensureNamespace(String namespace) {
        if (client.namespaces().withName(namespace).get() == null) {
            try {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                        .build()).create();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    /**
     * Waits until the Deployment's rollout is complete: status observed the latest generation and every replica is
     * updated and available.
     *
     * @throws IllegalStateException on timeout, with the status last seen
     */
    public Deployment awaitDeploymentReady(String namespace, String name, Duration timeout) {
        try {
            return client.apps().deployments().inNamespace(namespace).withName(name).waitUntilCondition(
                    LocalKube::rolledOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
            throw new IllegalStateException("deployment " + namespace + "/" + name + " not ready within " + timeout
                    + ": " + (d == null ? "it does not exist" : "status " + d.getStatus()), e);
        }
    }

    static boolean rolledOut(Deployment d) {
        if (d == null || d.getStatus() == null || d.getStatus().getObservedGeneration() == null) {
            return false;
        }
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        var s = d.getStatus();
        return s.getObservedGeneration() >= d.getMetadata().getGeneration()
                && value(s.getUpdatedReplicas()) == replicas && value(s.getReplicas()) == replicas
                && value(s.getAvailableReplicas()) == replicas;
    }

    private static int value(Integer i) {
        return i == null ? 0 : i;
    }

    /** The loopback URL of a Service's proxy ({@code http://127.0.0.1:PORT}), for its first port. */
    public java.net.URI serviceUrl(String namespace, String service) {
        return serviceUrls.url(namespace, service);
    }

    /** Every Service's URL, keyed {@code namespace/name}. */
    public Map<String, java.net.URI> serviceUrls() {
        return serviceUrls.all();
    }

    /** Stops everything: controllers (the kubelet kills its pods' processes), the API server, the work dir if ours. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = controllers.size() - 1; i >= 0; i--) {
            try {
                controllers.get(i).close();
            } catch (RuntimeException e) {
                // keep stopping the rest
            }
        }
        events.close();
        client.close();
        server.close();
        if (ownsWorkDir) {
            deleteRecursively(workDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /**
     * Fails a node as a machine stops (its Lease is no longer renewed, its pods' processes die), or brings it back;
     * what the {@code node-fail} chaos action does through the API ({@link NodeFailure#ANNOTATION}).
     */
    public void setNodeFailed(String node, boolean failed) {
        client.nodes().withName(node).edit(n -> {
            if (n.getMetadata().getAnnotations() == null) {
                n.getMetadata().setAnnotations(new java.util.HashMap<>());
            }
            if (failed) {
                n.getMetadata().getAnnotations().put(NodeFailure.ANNOTATION, "true");
            } else {
                n.getMetadata().getAnnotations().remove(NodeFailure.ANNOTATION);
            }
            return n;
        });
    }

    Optional<Controller> controller(String name) {
        return controllers.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
