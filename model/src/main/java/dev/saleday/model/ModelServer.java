package dev.saleday.model;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model process: the HTTP server on a bounded pool of {@code WORKERS} threads, the model trained in the
 * background, and the shutdown sequence. {@link ModelMain} wires it to the environment and to SIGTERM.
 *
 * <p>With PROBE_PORT the probes also have a listener of their own on one thread. On the main port a probe queues
 * behind every predict already waiting for a worker: a pod held to its CPU limit at the peak answered its probes
 * seconds late, its readiness and liveness probes timed out, the kubelet took it out of the Service and restarted it,
 * and the load moved to the next pod until none was ready (plans/ci.yaml on the embedded cluster, 2026-12-07). A
 * probe should say whether the process is alive and loaded, not how long its queue is.
 */
public final class ModelServer {
    private final ModelConfig config;
    private final PrintStream log;
    private final Lifecycle lifecycle;
    private final ServerMetrics metrics;
    private final HttpServer server;
    private final HttpServer probeServer;
    /** The probe port's own thread, outside the workers' queue (none without a probe port). */
    private final ExecutorService probeThread;
    private final ThreadPoolExecutor workers;
    private final long startNanos = System.nanoTime();
    private volatile Factorisation model;

    private ModelServer(ModelConfig config, PrintStream log, Lifecycle lifecycle, ServerMetrics metrics,
                        HttpServer server, HttpServer probeServer, ExecutorService probeThread,
                        ThreadPoolExecutor workers) {
        this.config = config;
        this.log = log;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.server = server;
        this.probeServer = probeServer;
        this.probeThread = probeThread;
        this.workers = workers;
    }

    /** Binds the listener (serving liveness at once) and starts loading the model; readiness follows the load. */
    public static ModelServer start(ModelConfig config, PrintStream log) throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: 40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        CpuQuota quota = CpuQuota.of(config.cpuLimitMillicores());
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
        ServerMetrics metrics = new ServerMetrics();
        ThreadPoolExecutor workers = new CountingExecutor(config.workers(), metrics.inFlight());
        HttpServer probeServer = config.probePort() == ModelConfig.NO_PROBE_PORT ? null
                : HttpServer.create(new InetSocketAddress(config.host(), config.probePort()), 64);
        ExecutorService probeThread = probeServer == null ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "probes");
            thread.setDaemon(true);
            return thread;
        });
        ModelServer modelServer = new ModelServer(config, log, new Lifecycle(), metrics, server, probeServer,
                probeThread, workers);
        FaultInjector faults = new FaultInjector(config.faultLatencyMillis(), config.faultErrorRate(),
                Factorisation.seedOf(config.podName()));
        server.createContext("/", new ModelHttpApi(config, modelServer.lifecycle, () -> modelServer.model,
                modelServer.metrics, quota, faults));
        server.setExecutor(workers);
        server.start();
        if (probeServer != null) {
            probeServer.createContext("/", ModelHttpApi.probesOnly(config, server.getAddress().getPort(),
                    modelServer.lifecycle, metrics));
            probeServer.setExecutor(probeThread);
            probeServer.start();
        }
        log.printf("saleday-model %s listening on %s:%d%s (%s)%n", config.modelVersion(), config.host(),
                server.getAddress().getPort(), probeServer == null ? ""
                        : ", probes also on :" + probeServer.getAddress().getPort(), config);
        Thread loader = new Thread(() -> modelServer.load(quota), "model-loader");
        loader.setDaemon(true);
        loader.start();
        return modelServer;
    }

    /**
     * Trains the model within the CPU limit (the quota the workers share: a container's limit holds for its start
     * too: a pod starting beside serving pods on a small host must not take more than its limit of their CPU);
     * readiness turns 200 once it is trained and STARTUP_DELAY has passed since start.
     */
    private void load(CpuQuota quota) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuAtStartNanos = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        long[] chargedFromCpuNanos = {quota.threadCpuNanos()};
        Runnable pace = () -> {
            quota.charge(chargedFromCpuNanos[0]);
            try {
                quota.awaitBudget();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            chargedFromCpuNanos[0] = quota.threadCpuNanos();
        };
        Factorisation trained = Factorisation.train(config.modelVersion(), Factorisation.USERS, Factorisation.ITEMS,
                pace);
        long trainedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        String trainingCpu = cpuAtStartNanos < 0 ? ""
                : ", " + (threads.getCurrentThreadCpuTime() - cpuAtStartNanos) / 1_000_000 + " ms of CPU";
        long remainingMillis = config.startupDelay().toMillis() - trainedMillis;
        try {
            if (remainingMillis > 0) {
                Thread.sleep(remainingMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        model = trained;
        lifecycle.markLoaded();
        log.printf("model %s trained in %d ms (%d users, %d items, %d dims%s); %s after %d ms%n",
                config.modelVersion(), trainedMillis, trained.userCount(), trained.itemCount(),
                Factorisation.DIMENSIONS, trainingCpu, lifecycle.ready() ? "ready" : "loaded (draining, so not ready)",
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests handed to the workers and not answered yet, queued ones included. */
    int requestsInFlight() {
        return metrics.inFlight().get();
    }

    /** @return the probes' own port, or {@link ModelConfig#NO_PROBE_PORT} */
    public int probePort() {
        return probeServer == null ? ModelConfig.NO_PROBE_PORT : probeServer.getAddress().getPort();
    }

    public boolean ready() {
        return lifecycle.ready();
    }

    /**
     * The graceful path: readiness 503 at once; keep serving (with {@code Connection: close}) for the drain delay so
     * endpoints and proxies drop this pod; wait for requests in flight (at most SHUTDOWN_TIMEOUT_MS); close.
     *
     * @return whether every request in flight finished
     */
    public boolean drainAndStop() {
        lifecycle.startDraining();
        log.printf("SIGTERM: readiness now 503; draining for %d ms with %d requests in flight%n",
                config.drainDelayMillis(), metrics.inFlight().get());
        sleepMillis(config.drainDelayMillis());
        long deadline = System.nanoTime() + config.shutdownTimeoutMillis() * 1_000_000;
        while (metrics.inFlight().get() > 0 && System.nanoTime() < deadline) {
            sleepMillis(5);
        }
        int left = metrics.inFlight().get();
        server.stop(0);
        stopProbes();
        workers.shutdownNow();
        log.printf("stopped: %s%n", left == 0 ? "every request answered" : left + " requests still in flight dropped");
        return left == 0;
    }

    /** For tests in one JVM: stop at once. */
    public void stopNow() {
        server.stop(0);
        stopProbes();
        workers.shutdownNow();
    }

    private void stopProbes() {
        if (probeServer != null) {
            probeServer.stop(0);
            probeThread.shutdownNow();
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A fixed pool that counts exchanges from hand-over to the last byte, so requests queued for a worker are
     * counted as in flight too (the shutdown waits for them).
     */
    private static final class CountingExecutor extends ThreadPoolExecutor {
        private final AtomicInteger inFlight;

        CountingExecutor(int threads, AtomicInteger inFlight) {
            super(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "worker");
                thread.setDaemon(true);
                return thread;
            });
            this.inFlight = inFlight;
        }

        @Override
        public void execute(Runnable command) {
            AtomicInteger counter = inFlight;
            counter.incrementAndGet();
            try {
                super.execute(() -> {
                    try {
                        command.run();
                    } finally {
                        counter.decrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                counter.decrementAndGet();
                throw e;
            }
        }
    }
}
