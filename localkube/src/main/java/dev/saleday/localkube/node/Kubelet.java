package dev.saleday.localkube.node;

import dev.saleday.localkube.controller.Controller;
import dev.saleday.localkube.controller.ControllerContext;
import dev.saleday.localkube.controller.PodMetrics;
import dev.saleday.localkube.controller.NodeFailure;
import dev.saleday.localkube.logs.ContainerLogReader;
import dev.saleday.localkube.logs.LogSelection;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kubelet of every node of a localkube cluster (one process hosts them all): runs each pod bound to one of the
 * context's nodes ({@code spec.nodeName}) as real child processes.
 *
 * <ul>
 *   <li>Image -> command through an {@link ImageCatalog}; an unknown image waits in ErrImagePull/ImagePullBackOff.</li>
 *   <li>Each pod gets its own loopback address 127.0.1.N ({@code status.podIP}; {@code hostIP} 127.0.0.1), given to
 *       the process as env {@code HOST} (it binds {@code HOST:PORT}, so every pod can use port 8080). Also set:
 *       {@code HOSTNAME} = pod name, {@code PORT} = the first containerPort (unless the manifest sets them).</li>
 *   <li>Env from literals, ConfigMaps, Secrets (keys and envFrom, {@code optional}), the downward API (fieldRef,
 *       resourceFieldRef with divisor); a missing required reference waits in CreateContainerConfigError.</li>
 *   <li>Startup, liveness and readiness probes (httpGet, tcpSocket, exec) with every timing field of the spec;
 *       restarts with back-off (first immediate, then {@link KubeletConfig#backOffBase()} doubling) and
 *       CrashLoopBackOff; status (phase, conditions, containerStatuses) written through the status subresource
 *       (JSON merge patch) only when it changed. {@code containerID} is {@code process://<pid>}: the pid to
 *       {@code kill -9} for a chaos test.</li>
 *   <li>On {@code metadata.deletionTimestamp}: not ready, preStop, SIGTERM, SIGKILL after the rest of
 *       {@code deletionGracePeriodSeconds} but never sooner than 2 s after SIGTERM, then delete the pod with grace 0.
 *       A pod that disappears (a force delete) is stopped the same way with a grace period of 1 s, as the kubelet
 *       does ({@link GracePeriods}).</li>
 *   <li>Logs per container under {@code workDir/pods} ({@link #readLog}); CPU per pod for the HPA
 *       ({@link #cpuMillicores}).</li>
 * </ul>
 * Child processes never outlive localkube: {@link #close()} kills them, so does a JVM shutdown hook, and each is
 * launched through a watchdog that kills it when this JVM dies, even by {@code kill -9} (see ContainerProcess).
 *
 * <p>Wiring: {@code new Kubelet(KubeletConfig.defaults(ImageCatalog.model(modelJar)))}, pass it as the context's
 * {@link PodMetrics} too, then {@link #start(ControllerContext)}.
 */
public final class Kubelet implements Controller, PodMetrics {

    private final KubeletConfig config;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    /** Workers of pods gone from the API whose containers are still being stopped (a force delete). */
    private final Set<PodWorker> departing = ConcurrentHashMap.newKeySet();
    private volatile NodeServices node;
    /**
     * The CPU sampler's own thread. It reads every pod's process tree from /proc, which with 100 pods on a busy
     * machine can take longer than its period: on the timer the probes share, a fixed-rate sampler that fell behind
     * always came first, and probes scheduled after that never ran (a pod that was NotReady then stayed so for good).
     * The kubelet keeps its probe workers apart from stats collection in the same way (pkg/kubelet/prober/worker.go
     * {@code run}: each probe on its own ticker).
     */
    private volatile ScheduledExecutorService sampler;
    private volatile SharedIndexInformer<Pod> informer;
    private volatile SharedIndexInformer<Node> nodeInformer;
    /** Nodes that have failed ({@link NodeFailure}): their pods do not run, nothing about them is reported. */
    private final java.util.Set<String> failedNodes = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile java.util.function.Consumer<Pod> resync = pod -> { };

    public Kubelet(KubeletConfig config) {
        this.config = config;
    }

    /** Kubernetes' defaults, running {@code saleday/recommendation:<tag>} from {@code modelJar}. */
    public Kubelet(Path modelJar) {
        this(KubeletConfig.defaults(ImageCatalog.model(modelJar)));
    }

    @Override
    public String name() {
        return "kubelet";
    }

    /** @return whether the kernel holds the pods to their CPU limits (a CFS quota each); false before the start */
    public synchronized boolean kernelCpuLimits() {
        return node != null && node.cgroups().isPresent();
    }

    @Override
    public synchronized void start(ControllerContext context) {
        if (node != null) {
            throw new IllegalStateException("kubelet already started");
        }
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads("kubelet-timer"));
        timer.setRemoveOnCancelPolicy(true);
        ExecutorService pool = Executors.newCachedThreadPool(daemonThreads("kubelet-worker"));
        node = new NodeServices(context.client(), context.events(), config, new PodIpPool(),
                new PodLogs(context.workDir().resolve("pods"), config.logCapBytes()),
                new EnvResolver(context.client()), new Prober(),
                config.cgroupCpuLimits() && CgroupCpuLimits.availableAt(CgroupCpuLimits.DEFAULT_ROOT)
                        ? Optional.of(new CgroupCpuLimits(CgroupCpuLimits.DEFAULT_ROOT)) : Optional.empty(),
                timer, pool, context.clock());
        long periodMillis = config.cpuSamplePeriod().toMillis();
        sampler = Executors.newSingleThreadScheduledExecutor(daemonThreads("kubelet-cpu-sampler"));
        // with a fixed delay a slow sample postpones the next one instead of queueing them back to back
        sampler.scheduleWithFixedDelay(this::sampleAll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        var nodeNames = context.nodeNames();
        informer = context.client().pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                handle(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                handle(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                PodWorker worker = workers.get(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
                if (worker != null && worker.uid().equals(uidOf(pod))) {
                    workers.remove(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), worker);
                    departing.add(worker);
                    worker.done().whenComplete((ignored, error) -> departing.remove(worker));
                    worker.removed();
                }
            }

            {
                resync = this::handle;
            }

            private void handle(Pod pod) {
                String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
                if (closed || nodeName == null || (!nodeNames.isEmpty() && !nodeNames.contains(nodeName))
                        || failedNodes.contains(nodeName)) {
                    return;
                }
                String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                PodWorker worker = workers.compute(key, (k, existing) -> {
                    if (existing != null && existing.uid().equals(uidOf(pod))) {
                        return existing;
                    }
                    if (existing != null) {
                        existing.killNow();
                    }
                    return new PodWorker(node, pod);
                });
                worker.update(pod);
            }
        }, 0);
        nodeInformer = context.client().nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                nodeChanged(n);
            }

            @Override
            public void onUpdate(Node old, Node n) {
                nodeChanged(n);
            }

            @Override
            public void onDelete(Node n, boolean deletedFinalStateUnknown) {
            }
        }, 0);
    }

    /**
     * A node that fails loses its processes at once, as a machine that stops: no SIGTERM, no status written. One that
     * comes back runs its pods again (a pod deleted meanwhile is finished, as the kubelet does after a reboot).
     */
    private void nodeChanged(Node n) {
        String name = n.getMetadata().getName();
        if (NodeFailure.failed(n)) {
            if (failedNodes.add(name)) {
                workers.forEach((key, worker) -> {
                    Pod pod = informer.getStore().getByKey(key);
                    if (pod != null && name.equals(pod.getSpec().getNodeName()) && workers.remove(key, worker)) {
                        worker.killNow();
                    }
                });
            }
        } else if (failedNodes.remove(name)) {
            for (Pod pod : informer.getStore().list()) {
                if (name.equals(pod.getSpec().getNodeName())) {
                    resync.accept(pod);
                }
            }
        }
    }

    /** Kills every container at once (SIGKILL) and stops watching. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (informer != null) {
            informer.stop();
        }
        if (nodeInformer != null) {
            nodeInformer.stop();
        }
        workers.values().forEach(PodWorker::killNow);
        workers.clear();
        departing.forEach(PodWorker::killNow);
        departing.clear();
        if (node != null) {
            node.timer().shutdownNow();
            if (sampler != null) {
                sampler.shutdownNow();
            }
            node.pool().shutdown();
        }
    }

    @Override
    public OptionalDouble cpuMillicores(String namespace, String podName, Duration window) {
        PodWorker worker = workers.get(key(namespace, podName));
        return worker == null || worker.finished() ? OptionalDouble.empty()
                : worker.cpu().averageMillicores(window);
    }

    /** The resident memory of the pod's container processes (the pod's containers as its spec names them). */
    @Override
    public OptionalLong memoryBytes(String namespace, String podName) {
        PodWorker worker = workers.get(key(namespace, podName));
        SharedIndexInformer<Pod> pods = informer;
        Pod pod = pods == null ? null : pods.getStore().getByKey(key(namespace, podName));
        if (worker == null || worker.finished() || pod == null || pod.getSpec() == null) {
            return OptionalLong.empty();
        }
        long total = 0;
        boolean any = false;
        for (var container : pod.getSpec().getContainers()) {
            OptionalLong pid = worker.processId(container.getName());
            OptionalLong bytes = pid.isPresent() ? ProcessMemory.residentBytes(pid.getAsLong()) : OptionalLong.empty();
            if (bytes.isPresent()) {
                total += bytes.getAsLong();
                any = true;
            }
        }
        return any ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /**
     * A container's log as {@code kubectl logs} prints it (the entries' contents, stdout and stderr interleaved).
     *
     * @param previous the run before the current one ({@code --previous})
     */
    public Optional<String> readLog(String namespace, String podName, String container, boolean previous) {
        List<Path> files = logFiles(namespace, podName, container, previous);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(ContainerLogReader.readAll(files, LogSelection.ALL),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The CRI log files of a container's current or previous run, the rotated part first (fits the API server's
     * PodLogs).
     */
    public List<Path> logFiles(String namespace, String podName, String container, boolean previous) {
        PodWorker worker = workers.get(key(namespace, podName));
        return worker == null ? List.of() : worker.logFiles(container, previous);
    }

    /**
     * The current log file of a container, for serving {@code pods/NAME/log} (fits the API server's PodLogs as
     * {@code kubelet::logFile}).
     *
     * @param container null for the pod's first container
     */
    public Optional<Path> logFile(String namespace, String podName, String container) {
        PodWorker worker = workers.get(key(namespace, podName));
        return worker == null ? Optional.empty() : worker.logFile(container);
    }

    /**
     * The environment a running container's process was started with, for {@code pods/NAME/exec} (fits the API
     * server's PodExec as {@code kubelet::environment}).
     */
    public Optional<Map<String, String>> environment(String namespace, String podName, String container) {
        PodWorker worker = workers.get(key(namespace, podName));
        return worker == null ? Optional.empty() : worker.environment(container);
    }

    /** The pid of a running container's main process (the same as in {@code containerID: process://<pid>}). */
    public OptionalLong processId(String namespace, String podName, String container) {
        PodWorker worker = workers.get(key(namespace, podName));
        return worker == null ? OptionalLong.empty() : worker.processId(container);
    }

    /** The loopback address of a pod running here. */
    public Optional<String> podIp(String namespace, String podName) {
        PodWorker worker = workers.get(key(namespace, podName));
        return worker == null ? Optional.empty() : worker.podIp();
    }

    private void sampleAll() {
        long nowNanos = System.nanoTime();
        for (PodWorker worker : workers.values()) {
            try {
                worker.sample(nowNanos);
            } catch (RuntimeException ignored) {
                // a process that vanished mid-read is sampled again next period
            }
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static String uidOf(Pod pod) {
        return pod.getMetadata().getUid() == null ? "nouid" : pod.getMetadata().getUid();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
