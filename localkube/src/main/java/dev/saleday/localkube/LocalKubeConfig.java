package dev.saleday.localkube;

import dev.saleday.localkube.controller.PodMetrics;
import dev.saleday.localkube.proxy.ProxySettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How to start a localkube. Immutable: every {@code with...} returns a new config.
 *
 * @param apiPort           the API server's HTTPS port on 127.0.0.1 (the kubeconfig's); 0 picks a free one
 * @param hpaSyncPeriod     how often the HPA controller evaluates each HPA (Kubernetes: 15 s)
 * @param hpaMetricsWindow  the window pod CPU is averaged over for the HPA (metrics-server: 15 s)
 * @param nodeNames         the node slots pods are spread over
 * @param modelJar          the jar {@code saleday/recommendation:<tag>} images run; null: {@link #defaultModelJar()}
 * @param workDir           logs and scratch; null: a temporary folder removed by {@code close()}
 * @param runPods           false runs the control plane only (no kubelet, no Service proxy): pods stay Pending
 *                          unless something else (a test's fake kubelet) writes their status
 * @param podMetrics        the HPA's CPU source when {@code runPods} is false (the kubelet's otherwise)
 * @param restartBackOffBase the kubelet's first restart back-off (Kubernetes: 10 s; capped at 30x this)
 * @param nodePool          each node's allocatable CPU, memory and pods, and whether the pool grows
 * @param proxy             the Service proxy's endpoint lag and balancing (kube-proxy's iptables mode: 1 s, random
 *                          per connection; see {@link ProxySettings})
 */
public record LocalKubeConfig(int apiPort, Duration hpaSyncPeriod, Duration hpaMetricsWindow, List<String> nodeNames,
                              Path modelJar, Path workDir, boolean runPods, PodMetrics podMetrics,
                              Duration restartBackOffBase, NodePool nodePool,
                              ProxySettings proxy) {

    /**
     * {@code false} runs the pods without the kernel's CFS quota for their CPU limits even where the cgroup v1 cpu
     * controller is writable (on by default, as the kubelet's {@code cpuCFSQuota}).
     */
    public static final String KERNEL_CPU_LIMITS_PROPERTY = "saleday.localkube.cgroupCpuLimits";

    /** The property naming the model jar; tests set it through surefire. */
    public static final String MODEL_JAR_PROPERTY = "saleday.model.jar";
    /** The main class of the saleday-model jar, found on the classpath when no property names the jar. */
    static final String MODEL_MAIN_CLASS = "dev.saleday.model.ModelMain";
    private static final PodMetrics NO_METRICS = (namespace, pod, window) -> OptionalDouble.empty();

    public LocalKubeConfig {
        if (apiPort < 0 || apiPort > 65535) {
            throw new IllegalArgumentException("apiPort must be 0..65535, got " + apiPort);
        }
        if (hpaSyncPeriod.toMillis() < 100) {
            throw new IllegalArgumentException("hpaSyncPeriod must be >= 100 ms, got " + hpaSyncPeriod);
        }
        if (nodeNames.isEmpty()) {
            throw new IllegalArgumentException("nodeNames must name at least one node");
        }
        nodeNames = List.copyOf(nodeNames);
        podMetrics = podMetrics == null ? NO_METRICS : podMetrics;
        nodePool = nodePool == null ? NodePool.defaults() : nodePool;
        proxy = proxy == null ? ProxySettings.defaults() : proxy;
    }

    /** Ephemeral port, 15 s HPA sync, nodes local-node-a/b/c, pods run as processes, the default model jar. */
    public static LocalKubeConfig defaults() {
        return new LocalKubeConfig(0, Duration.ofSeconds(15), Duration.ofSeconds(15),
                List.of("local-node-a", "local-node-b", "local-node-c"), null, null, true, null, Duration.ofSeconds(10),
                NodePool.defaults(), ProxySettings.defaults());
    }

    public LocalKubeConfig withApiPort(int port) {
        return new LocalKubeConfig(port, hpaSyncPeriod, hpaMetricsWindow, nodeNames, modelJar, workDir, runPods,
                podMetrics, restartBackOffBase, nodePool, proxy);
    }

    public LocalKubeConfig withHpaSyncPeriod(Duration period) {
        return new LocalKubeConfig(apiPort, period, hpaMetricsWindow, nodeNames, modelJar, workDir, runPods,
                podMetrics, restartBackOffBase, nodePool, proxy);
    }

    public LocalKubeConfig withHpaMetricsWindow(Duration window) {
        return new LocalKubeConfig(apiPort, hpaSyncPeriod, window, nodeNames, modelJar, workDir, runPods,
                podMetrics, restartBackOffBase, nodePool, proxy);
    }

    public LocalKubeConfig withNodeNames(List<String> names) {
        return new LocalKubeConfig(apiPort, hpaSyncPeriod, hpaMetricsWindow, names, modelJar, workDir, runPods,
                podMetrics, restartBackOffBase, nodePool, proxy);
    }

    public LocalKubeConfig withModelJar(Path jar) {
        return new LocalKubeConfig(apiPort, hpaSyncPeriod, hpaMetricsWindow, nodeNames, jar, workDir, runPods,
                podMetrics, restartBackOffBase, nodePool, proxy);
    }

    public LocalKubeConfig withWorkDir(Path dir) {
        return new LocalKubeConfig(apiPort, hpaSyncPeriod, hpaMetricsWindow, nodeNames, modelJar, dir, runPods,
                podMetrics, restartBackOffBase, nodePool, proxy);
    }

    public LocalKubeConfig withRestartBackOffBase(Duration base) {
        return new LocalKubeConfig(apiPort, hpaSyncPeriod, hpaMetricsWindow, nodeNames, modelJar, workDir, runPods,
                podMetrics, base, nodePool, proxy);
    }

    public LocalKubeConfig withNodePool(NodePool pool) {
        return new LocalKubeConfig(apiPort, hpaSyncPeriod, hpaMetricsWindow, nodeNames, modelJar, workDir, runPods,
                podMetrics, restartBackOffBase, pool, proxy);
    }

    /** Every node a kubelet serves here: the configured ones, then those the pool may add. */
    public List<String> allNodeNames() {
        List<String> all = new java.util.ArrayList<>(nodeNames);
        all.addAll(nodePool.grownNodeNames(nodeNames));
        return List.copyOf(all);
    }

    /** The Service proxy's endpoint lag and balancing. */
    public LocalKubeConfig withProxy(ProxySettings settings) {
        return new LocalKubeConfig(apiPort, hpaSyncPeriod, hpaMetricsWindow, nodeNames, modelJar, workDir, runPods,
                podMetrics, restartBackOffBase, nodePool, settings);
    }

    /** The control plane only, with {@code metrics} as the HPA's CPU source (tests act as the kubelet). */
    public LocalKubeConfig controlPlaneOnly(PodMetrics metrics) {
        return new LocalKubeConfig(apiPort, hpaSyncPeriod, hpaMetricsWindow, nodeNames, modelJar, workDir, false,
                metrics, restartBackOffBase, nodePool, proxy);
    }

    /**
     * {@code modelJar}, else the system property, else the saleday-model jar on the classpath (a build that depends on
     * it), else {@code model/target/saleday-model.jar} above the working dir.
     */
    public Path resolvedModelJar() {
        return modelJar != null ? modelJar : defaultModelJar();
    }

    /**
     * @return whether pods' CPU limits become CFS quotas where the host allows it ({@link #KERNEL_CPU_LIMITS_PROPERTY})
     * @throws IllegalArgumentException when the property is neither {@code true} nor {@code false}
     */
    public static boolean kernelCpuLimits() {
        String value = System.getProperty(KERNEL_CPU_LIMITS_PROPERTY, "true").strip();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("-D" + KERNEL_CPU_LIMITS_PROPERTY + ": expected true or false (the"
                    + " pods held to their CPU limits by the kernel's CFS quota, or not), got '" + value + "'");
        }
        return value.equalsIgnoreCase("true");
    }

    public static Path defaultModelJar() {
        String property = System.getProperty(MODEL_JAR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        Path onClasspath = modelJarOnClasspath();
        if (onClasspath != null) {
            return onClasspath;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("model/target/saleday-model.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        return Path.of("model/target/saleday-model.jar").toAbsolutePath();
    }

    /** System property naming the jar {@code saleday/harness:<tag>} images run (the saleday command). */
    public static final String HARNESS_JAR_PROPERTY = "saleday.harness.jar";
    /**
     * System property: a class path {@code saleday/harness:<tag>} images run the saleday command from instead of its
     * jar (a build's classes, before the jar is packaged: the end-to-end tests).
     */
    public static final String HARNESS_CLASSPATH_PROPERTY = "saleday.harness.classpath";

    /**
     * The jar {@code saleday/harness:<tag>} images run: the system property, else the saleday command's jar when this
     * code runs inside it ({@code dev.saleday.cli.Saleday} loaded from a jar), else {@code cli/target/saleday.jar}
     * above the working dir. A jar that does not exist leaves the image unknown (ErrImagePull, as an unbuilt image).
     */
    public static Path defaultHarnessJar() {
        String property = System.getProperty(HARNESS_JAR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        Path onClasspath = jarOf("dev.saleday.cli.Saleday");
        if (onClasspath != null) {
            return onClasspath;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("cli/target/saleday.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        return Path.of("cli/target/saleday.jar").toAbsolutePath();
    }

    /** The runnable saleday-model jar when it is on this classpath (as a jar: a classes directory does not run). */
    static Path modelJarOnClasspath() {
        return jarOf(MODEL_MAIN_CLASS);
    }

    /** @return the jar {@code className} was loaded from, or null (not loadable, or from a classes directory) */
    private static Path jarOf(String className) {
        try {
            Class<?> main = Class.forName(className, false, LocalKubeConfig.class.getClassLoader());
            java.security.CodeSource source = main.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar") ? location : null;
        } catch (ClassNotFoundException | java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
