package dev.saleday.cli.run;

import dev.saleday.chaos.ChaosRefusedException;
import dev.saleday.chaos.OnePodHold;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.LabelSelector;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Target;
import dev.saleday.plan.Traffic;
import dev.saleday.recorder.metrics.PodMetricsScraper;
import dev.saleday.records.CapacityFile;
import dev.saleday.records.HostFile;
import dev.saleday.records.HostSample;
import dev.saleday.records.JsonLinesReader;
import dev.saleday.records.PodMetricsFile;
import dev.saleday.records.WarmUpFile;
import dev.saleday.reports.checks.CapacityHost;
import dev.saleday.reports.observed.CapacityJson;
import dev.saleday.reports.observed.OnePodCapacity;
import dev.saleday.reports.observed.ScalingTarget;
import dev.saleday.reports.observed.ServerSide;
import dev.saleday.reports.observed.ServerView;
import dev.saleday.reports.observed.StepsCost;
import dev.saleday.reports.observed.StepsCpuSpeed;
import dev.saleday.reports.observed.WarmUpSettling;
import dev.saleday.reports.render.CapacityPage;
import dev.saleday.simulations.LoadListener;
import dev.saleday.simulations.LoadProgress;
import dev.saleday.simulations.LoadResult;
import dev.saleday.simulations.LoadRun;
import dev.saleday.simulations.LoadSettings;
import dev.saleday.simulations.StepCapacitySimulation;
import dev.saleday.simulations.host.HostRecorder;
import dev.saleday.simulations.host.HostSampler;
import dev.saleday.simulations.host.PodProcess;
import dev.saleday.simulations.traffic.InvalidTrafficException;
import dev.saleday.simulations.traffic.RequestSequence;
import dev.saleday.simulations.traffic.Shard;
import dev.saleday.simulations.traffic.TrafficModel;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code saleday capacity PLAN}: the plan's target held at one pod ({@link OnePodHold}: the HPA at 1..1 and the
 * Deployment at 1 replica, journaled before they take effect), a step load against it
 * ({@link StepCapacitySimulation}'s knee search, stopping at the first step over the plan's bounds), the HPA and the
 * replicas restored (at the end, on an error, on Ctrl-C/SIGTERM; {@code saleday recover} after a kill -9); then the
 * records (capacity.jsonl, pod-metrics.jsonl) analysed into capacity.json, report/capacity.html and the
 * recommendation on the console.
 */
public final class CapacityRun {

    /** How long the Deployment may take to be down to one ready pod. */
    static final Duration ONE_POD_TIMEOUT = Duration.ofMinutes(2);

    /**
     * The step load.
     *
     * @param startRps     the first step's rate
     * @param stepRps      how much each step adds
     * @param steps        the most steps
     * @param stepDuration each step's length
     * @param bounds       what a step must hold; null = the plan's
     * @param warmUp       the longest the held pod gets the first step's rate before the steps: the warm-up ends
     *                     sooner when the pod's CPU a request has settled ({@link SettledWarmUp}); zero for none
     */
    public record Steps(double startRps, double stepRps, int steps, Duration stepDuration,
                        LoadSettings.CapacityBounds bounds, Duration warmUp) {
        public Steps {
            if (!(startRps > 0) || !(stepRps >= 0) || steps < 1 || stepDuration.isNegative() || stepDuration.isZero()
                    || warmUp.isNegative()) {
                throw new InvalidInputException("capacity steps: --start-rps > 0, --step-rps >= 0, --steps >= 1,"
                        + " --step-duration > 0 and --warm-up >= 0 are needed, got " + startRps + ", " + stepRps + ", "
                        + steps + ", " + stepDuration + ", " + warmUp);
            }
        }

        public Steps withBounds(LoadSettings.CapacityBounds newBounds) {
            return new Steps(startRps, stepRps, steps, stepDuration, newBounds, warmUp);
        }
    }

    /**
     * @param exitCode 0 when the search ran and everything was restored, 2 when it is INVALID (the host starved
     *                 saleday's processes during it, or the held pod's CPU a request had not settled when the steps
     *                 began: the knee may be the host's or the JIT's), 3 when a restore failed
     */
    public record Outcome(Path runDir, OnePodCapacity capacity, boolean restored, int exitCode) {
    }

    private final Plan plan;
    private final Steps steps;
    private final Path out;
    private final PrintWriter console;
    private final PrintWriter err;
    private final String version;

    public CapacityRun(Plan plan, Steps steps, Path out, PrintWriter console, PrintWriter err, String version) {
        this.plan = plan;
        this.steps = steps;
        this.out = out;
        this.console = console;
        this.err = err;
        this.version = version;
    }

    /** The bounds a step must hold: the plan's strictest p99 and error-rate bounds (p99 200 ms, 1 % without). */
    public static LoadSettings.CapacityBounds planBounds(Plan plan) {
        Duration p99 = plan.slo().latency().stream().map(l -> l.bounds().get(Slo.Percentile.P99))
                .filter(java.util.Objects::nonNull).min(Duration::compareTo)
                .orElse(LoadSettings.CapacityBounds.DEFAULT.maxP99());
        double errors = plan.slo().errors().stream().mapToDouble(Slo.Errors::maxRate).min()
                .orElse(LoadSettings.CapacityBounds.DEFAULT.maxErrorRate());
        return new LoadSettings.CapacityBounds(p99, errors);
    }

    public Outcome run() throws IOException {
        LoadSettings.CapacityBounds bounds = steps.bounds() != null ? steps.bounds() : planBounds(plan);
        List<Phase> phases = StepCapacitySimulation.phases(steps.startRps(), steps.stepRps(), steps.steps(),
                steps.stepDuration());
        Traffic traffic = plan.traffic().withScale(1).withPhases(phases);
        TrafficModel model;
        try {
            model = TrafficModel.of(traffic);
        } catch (InvalidTrafficException e) {
            throw new InvalidInputException("the steps cannot be driven: " + e.getMessage(), e);
        }
        KubeconfigClusterSession remote = plan.target().cluster() == Target.ClusterKind.KUBECONFIG
                ? KubeconfigClusterSession.connect(plan, true) : null;
        RunDirectory dir;
        try {
            dir = RunDirectory.create(plan, out, System.currentTimeMillis());
        } catch (RuntimeException e) {
            if (remote != null) {
                remote.close();
            }
            throw e;
        }
        dir.started(plan, System.currentTimeMillis(), version, false);
        console.printf(Locale.ROOT, "saleday capacity: %s -> %s; steps from %s req/s by %s req/s, %d s each;"
                        + " bounds p99 <= %d ms, errors <= %.2f %%%n", plan.name(), dir.path(), num(steps.startRps()),
                num(steps.stepRps()), steps.stepDuration().toSeconds(), bounds.maxP99().toMillis(),
                bounds.maxErrorRate() * 100);
        console.flush();
        Teardown teardown = new Teardown(err);
        OnePodHold[] hold = {null};
        Thread hook = new Thread(() -> interrupted(teardown, dir), "saleday-capacity-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        ScalingTarget target;
        boolean restored;
        AtomicLong loadStartMs = new AtomicLong(); // set by the load's start, 0 if it never started
        String heldPod;
        try {
            ClusterSession cluster = teardown.add("the cluster session", remote != null ? remote
                    : LocalClusterSession.start(plan, dir.path().resolve("localkube"), GameDay.READY_TIMEOUT,
                    console));
            if (remote != null) {
                remote.awaitReady(plan, GameDay.READY_TIMEOUT);
            }
            URI url = cluster.targetUrl();
            dir.target(cluster.context(), url.toString());
            target = ScalingTargets.read(cluster.client(), plan);
            try {
                hold[0] = teardown.add("the one-pod hold (restoring the HPA and the replicas)",
                        OnePodHold.apply(cluster.client(), plan, cluster.context(), dir.path(),
                                new LinePrintStream(console)));
            } catch (ChaosRefusedException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            heldPod = awaitOnePod(cluster.client());
            console.println("saleday capacity: one pod ready (" + heldPod + "); warming it up");
            console.flush();
            ModelWarmUp.run(url, GameDay.WARM_UP_TIMEOUT);
            if (!steps.warmUp().isZero()) {
                SettledWarmUp.run(cluster.client(), plan.target().namespace(), heldPod, plan.observe(), url,
                        steps.startRps(), steps.warmUp(), loadBodies(model), dir.path(), console);
            }
            if (System.getProperty("gatling.data.writers.0") == null) {
                System.setProperty("gatling.data.writers.0", "file");
            }
            try {
                teardown.add("the pods' metrics scraper", PodMetricsScraper.start(cluster.client(),
                        plan.target().namespace(), plan.target().deployment(), plan.observe(), dir.path(),
                        System.currentTimeMillis()));
            } catch (RuntimeException e) {
                err.println("saleday capacity: pod-metrics.jsonl not recorded: " + e.getMessage());
                err.flush();
            }
            // the pod's process is on this host when the cluster's kubelet runs pods as processes (the embedded
            // cluster, here or behind a kubeconfig); a real cluster's containers are left out
            Supplier<List<PodProcess>> pods = new LocalPods(cluster.client(), plan.target().namespace());
            LoadResult result = LoadRun.run(LoadSettings.of(traffic, url, dir.path()).withPlanName(plan.name())
                    .withListener(progress(dir, teardown, pods, loadStartMs)).withCapacitySearch(bounds), model);
            if (result.simulationLog() == null) {
                throw new IllegalStateException("the step load did not run (Gatling exit status "
                        + result.exitStatus() + "); see " + dir.path().resolve("gatling"));
            }
        } finally {
            restored = hold[0] == null || hold[0].restore();
            teardown.run();
            dir.ended(System.currentTimeMillis(), false, null);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook owns the end
            }
        }
        CapacityFile.Contents search = CapacityFile.read(dir.path().resolve(CapacityFile.FILE_NAME));
        ServerView pods;
        try {
            pods = ServerSide.of(dir.path());
        } catch (RuntimeException e) {
            pods = ServerView.absent("the pod's metrics are unreadable: " + e.getMessage());
        }
        // the host is judged over the judged steps' sending
        long judgedEndMs = loadStartMs.get() + search.steps().size() * steps.stepDuration().toMillis();
        WarmUpSettling.OfRun warmUp = warmUp(dir.path());
        StepsCost stepsCost = warmUp == null ? null : stepsCost(dir.path(), warmUp, loadStartMs.get(), judgedEndMs);
        HostRecords host = hostRecords(dir.path());
        StepsCpuSpeed cpuSpeed = host == null || loadStartMs.get() == 0 ? null
                : StepsCpuSpeed.of(host.seconds(), heldPod, loadStartMs.get(), judgedEndMs);
        // the search measured the steady pod only when neither the host, an unsettled warm-up, a pod whose cost
        // moved after it nor a CPU of this machine running slow under it says otherwise
        String invalidReason = Stream.of(hostInvalidReason(host, loadStartMs.get(), judgedEndMs),
                        warmUp == null ? null : warmUp.invalidReason().orElse(null),
                        stepsCost == null ? null : stepsCost.invalidReason().orElse(null),
                        cpuSpeed == null ? null : cpuSpeed.invalidReason().orElse(null))
                .filter(java.util.Objects::nonNull).reduce((a, b) -> a + " " + b).orElse(null);
        OnePodCapacity capacity = OnePodCapacity.of(search, target, pods, plan, invalidReason);
        Path json = CapacityJson.write(dir.path(), plan.name(), capacity, restored, warmUp, stepsCost, cpuSpeed);
        Path page = dir.path().resolve("report").resolve("capacity.html");
        Files.createDirectories(page.getParent());
        Files.writeString(page, CapacityPage.page(plan.name(), capacity, warmUp, stepsCost, cpuSpeed));
        if (stepsCost != null) {
            console.println("saleday capacity: the held pod over the steps: " + stepsCost.reason());
        }
        if (cpuSpeed != null) {
            console.println("saleday capacity: this machine's CPUs over the steps: " + cpuSpeed.reason());
        }
        print(capacity, restored, json, page);
        return new Outcome(dir.path(), capacity, restored, !restored ? 3 : capacity.valid() ? 0 : 2);
    }

    /** @return the load's request bodies in order (its users and k mix), from the start again when they run out */
    private static Supplier<String> loadBodies(TrafficModel model) {
        AtomicReference<Iterator<RequestSequence.Request>> requests =
                new AtomicReference<>(model.shardRequests(Shard.WHOLE));
        return () -> {
            if (!requests.get().hasNext()) {
                requests.set(model.shardRequests(Shard.WHOLE));
            }
            return requests.get().next().body();
        };
    }

    /** @return what warm-up.jsonl says, null when there was no warm-up or its record is unreadable */
    private WarmUpSettling.OfRun warmUp(Path runDir) {
        Path file = runDir.resolve(WarmUpFile.FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return WarmUpSettling.ofRun(WarmUpFile.read(file));
        } catch (RuntimeException e) {
            err.println("saleday capacity: warm-up.jsonl unreadable: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** @return the held pod's CPU a request over the steps against its warm-up's, from pod-metrics.jsonl */
    private StepsCost stepsCost(Path runDir, WarmUpSettling.OfRun warmUp, long loadStartMs, long judgedEndMs) {
        Path file = runDir.resolve(PodMetricsFile.FILE_NAME);
        List<PodMetricsFile.Scrape> scrapes = List.of();
        if (loadStartMs > 0 && Files.exists(file)) {
            try {
                scrapes = PodMetricsFile.read(file).scrapes();
            } catch (RuntimeException e) {
                err.println("saleday capacity: pod-metrics.jsonl unreadable, the steps' cost not judged: "
                        + e.getMessage());
                err.flush();
            }
        }
        return StepsCost.of(warmUp, scrapes, loadStartMs, judgedEndMs);
    }

    /** host.jsonl's lines and its cores: what the host rules read. */
    private record HostRecords(List<HostSample> seconds, Integer cores) {
    }

    /** @return host.jsonl's lines, null when there is none or it is unreadable (the host then not judged) */
    private HostRecords hostRecords(Path runDir) {
        Path file = runDir.resolve(HostFile.FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        List<HostSample> host = new ArrayList<>();
        try {
            JsonLinesReader.Result read = HostFile.read(file, host::add);
            int cores = read.header().path("cores").asInt(0);
            return new HostRecords(host, cores > 0 ? cores : null);
        } catch (RuntimeException e) {
            err.println("saleday capacity: host.jsonl unreadable, the host not judged: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** @return why the host made the search invalid; null when valid or not judged */
    private String hostInvalidReason(HostRecords host, long loadStartMs, long judgedEndMs) {
        if (host == null || loadStartMs == 0) {
            return null;
        }
        return CapacityHost.invalidReason(host.seconds(), host.cores(), plan.slo().hostHeadroom(), loadStartMs,
                judgedEndMs).orElse(null);
    }

    private void print(OnePodCapacity capacity, boolean restored, Path json, Path page) {
        if (!capacity.valid()) {
            console.println("INVALID: " + capacity.invalidReason());
        }
        if (capacity.kneeFound()) {
            String reason = capacity.search().knee().reason();
            console.printf(Locale.ROOT, "knee: %s req/s (%s); one pod sustained %s req/s%n",
                    num(capacity.kneeRps()), reason == null ? "broke a bound" : reason, num(capacity.sustainedRps()));
        } else {
            console.printf(Locale.ROOT, "knee: not reached; one pod sustained every step, up to %s req/s%n",
                    num(capacity.sustainedRps()));
        }
        if (capacity.recommendation() == null) {
            console.println("recommendation: none: " + capacity.missing());
        } else {
            console.println("recommendation for the real (unscaled) day:");
            capacity.recommendation().lines().forEach(line -> console.println("  " + line));
        }
        console.println(restored ? "restored: the HPA and the replicas are as they were"
                : "NOT restored: see journal.jsonl; `saleday recover " + json.getParent() + "` retries");
        console.println("capacity: " + json);
        console.println("report: " + page);
        console.flush();
    }

    /**
     * Waits until the Deployment has exactly one pod, ready, and no other pod of it is left (terminating ones too).
     *
     * @return that pod's name
     */
    private String awaitOnePod(KubernetesClient client) {
        String namespace = plan.target().namespace();
        long deadline = System.nanoTime() + ONE_POD_TIMEOUT.toNanos();
        String last = "no status";
        while (System.nanoTime() < deadline) {
            Deployment deployment = client.apps().deployments().inNamespace(namespace)
                    .withName(plan.target().deployment()).get();
            if (deployment != null && deployment.getSpec().getSelector() != null) {
                LabelSelector selector = LabelSelector.of(deployment.getSpec().getSelector().getMatchLabels(),
                        List.of());
                List<String> pods = client.pods().inNamespace(namespace).list().getItems().stream()
                        .filter(p -> selector.matches(p.getMetadata().getLabels()))
                        .map(p -> p.getMetadata().getName()).toList();
                last = Readiness.describe(deployment) + ", pods " + pods.size();
                if (Readiness.complete(deployment) && pods.size() == 1) {
                    return pods.get(0);
                }
            }
            try {
                Thread.sleep(250); // polling the API server for the condition, with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for one pod", e);
            }
        }
        throw new IllegalStateException("the Deployment is not down to one ready pod after "
                + ONE_POD_TIMEOUT.toSeconds() + " s: " + last);
    }

    private LoadListener progress(RunDirectory dir, Teardown teardown, Supplier<List<PodProcess>> pods,
                                  AtomicLong loadStart) {
        return new LoadListener() {
            @Override
            public void onLoadStart(long loadStartMs) {
                dir.loadStarted(loadStartMs);
                loadStart.set(loadStartMs);
                try {
                    teardown.add("the host recorder", HostRecorder.start(dir.path(), loadStartMs,
                            ProcessHandle.current().pid(), HostSampler.ofThisJvm(pods)));
                } catch (RuntimeException e) {
                    err.println("saleday capacity: host.jsonl not recorded, the host not judged: " + e.getMessage());
                    err.flush();
                }
            }

            @Override
            public void onSecond(LoadProgress p) {
                console.println(line(p));
                console.flush();
            }
        };
    }

    /** @return e.g. {@code [  12s/ 150s] step-03-30rps     rate 30/30 req/s  errors 0/s  p99 12ms  one pod} */
    static String line(LoadProgress p) {
        return String.format(Locale.ROOT, "[%4ds/%4ds] %-16s rate %d/%d req/s  errors %d/s  p99 %s  one pod",
                p.elapsedMillis() / 1000, p.totalMillis() / 1000, p.phase() == null ? "-" : p.phase(),
                p.intendedRps(), p.sentRps(), p.failedRps(),
                p.recentP99Millis() < 0 ? "-" : Math.round(p.recentP99Millis()) + "ms");
    }

    /** Ctrl-C/SIGTERM: restore the HPA and the replicas, stop what was started, exit 3. */
    private void interrupted(Teardown teardown, RunDirectory dir) {
        err.println("saleday capacity: interrupted; restoring the HPA and the replicas");
        err.flush();
        teardown.run();
        dir.ended(System.currentTimeMillis(), true, null);
        err.println("saleday capacity: interrupted; the HPA and the replicas are restored (journal.jsonl in "
                + dir.path() + ")");
        err.flush();
        console.flush();
        Runtime.getRuntime().halt(3);
    }

    /** @return a rate as the console prints it: whole numbers without a decimal point */
    static String num(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
