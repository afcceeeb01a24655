package dev.saleday.cli.run;

import dev.saleday.chaos.ChaosRun;
import dev.saleday.chaos.Guardrails;
import dev.saleday.chaos.ProbeWindow;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.Target;
import dev.saleday.recorder.Recorder;
import dev.saleday.recorder.metrics.PodMetricsScraper;
import dev.saleday.records.TimelineEvent;
import dev.saleday.records.TimelineFile;
import dev.saleday.records.TimelineWriter;
import dev.saleday.simulations.LoadListener;
import dev.saleday.simulations.LoadProgress;
import dev.saleday.simulations.LoadResult;
import dev.saleday.simulations.LoadRun;
import dev.saleday.simulations.LoadSettings;
import dev.saleday.simulations.host.HostRecorder;
import dev.saleday.simulations.host.HostSampler;
import dev.saleday.simulations.host.PodProcess;
import dev.saleday.simulations.probe.Prober;
import dev.saleday.simulations.probe.ProberSettings;
import dev.saleday.simulations.traffic.InvalidTrafficException;
import dev.saleday.simulations.traffic.TrafficModel;
import dev.saleday.cli.input.InvalidInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One game day, in order: connect (kubeconfig context checked first) or start the embedded cluster, wait for the
 * model, then prober, chaos (recorder, faults) and the load on one clock, a progress line each second, phase
 * markers in the timeline; then everything it started is stopped in reverse order and every fault undone. The
 * analysis is the caller's (it reads only the run directory). Ctrl-C/SIGTERM: the same teardown from a shutdown
 * hook, run.json marked interrupted, exit status 3.
 */
public final class GameDay {

    /** How long the model may take to be ready after its manifests are applied. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** How long the model may take to answer quickly once ready (a cold JVM on a busy host). */
    static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(60);
    /** How long a dry run waits for chaos to have printed every timed fault. */
    static final Duration DRY_RUN_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param runDir the run directory, complete and ready for analysis when {@code loadRan}
     * @param loadRan whether a load ran (false for a dry run)
     */
    public record Outcome(Path runDir, boolean loadRan) {
    }

    private final Plan plan;
    /** The plan's clock, built once: the load, chaos and the progress line all count on it. */
    private final PlanSchedule schedule;
    private final RunOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String version;

    public GameDay(Plan plan, RunOptions options, PrintWriter out, PrintWriter err, String version) {
        this.plan = plan;
        this.schedule = PlanSchedule.of(plan);
        this.options = options;
        this.out = out;
        this.err = err;
        this.version = version;
    }

    public Outcome run() throws IOException {
        TrafficModel traffic = null;
        if (!options.dryRun()) {
            try {
                traffic = TrafficModel.of(plan, schedule); // the load's own checks, before any cluster is touched
            } catch (InvalidTrafficException e) {
                throw new InvalidInputException("the traffic cannot be driven: " + e.getMessage(), e);
            }
        }
        // A kubeconfig context is refused before the run directory exists and before any call.
        KubeconfigClusterSession remote = plan.target().cluster() == Target.ClusterKind.KUBECONFIG
                ? KubeconfigClusterSession.connect(plan, !options.dryRun()) : null;
        long startedAtMs = System.currentTimeMillis();
        RunDirectory dir;
        try {
            dir = RunDirectory.create(plan, options.out(), startedAtMs);
        } catch (RuntimeException e) {
            if (remote != null) {
                remote.close();
            }
            throw e;
        }
        dir.started(plan, startedAtMs, version, options.dryRun());
        out.println("saleday: " + (options.dryRun() ? "dry run of " : "running ") + plan.name() + " -> " + dir.path());
        out.flush();
        Teardown teardown = new Teardown(err);
        ChaosHolder chaosHolder = new ChaosHolder();
        // set by the interrupt hook: the run's own end (which may still come while the hook saves the injectors'
        // records) must not mark run.json as not interrupted
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            interrupted(teardown, dir, chaosHolder);
        }, "saleday-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean completed = false;
        try {
            ClusterSession cluster = teardown.add("the cluster session", remote != null ? remote
                    : LocalClusterSession.start(plan, dir.path().resolve("localkube"), READY_TIMEOUT, out));
            if (remote != null) {
                out.println("cluster: context " + remote.context() + "; waiting for the Deployment");
                out.flush();
                remote.awaitReady(plan, READY_TIMEOUT);
            }
            if (options.dryRun()) {
                dir.target(cluster.context(), null);
                dryRun(cluster, dir, teardown, chaosHolder);
            } else {
                load(cluster, dir, teardown, chaosHolder, traffic);
            }
            completed = true;
        } finally {
            teardown.run();
            dir.ended(System.currentTimeMillis(), interrupted.get(), chaosHolder.abortReason());
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook owns the end of the run
            }
            if (!completed) {
                err.println("saleday: the run stopped early; everything it started is stopped, every fault undone;"
                        + " records so far in " + dir.path());
                err.flush();
            }
        }
        return new Outcome(dir.path(), !options.dryRun());
    }

    private void load(ClusterSession cluster, RunDirectory dir, Teardown teardown, ChaosHolder chaosHolder,
                      TrafficModel traffic) {
        URI url = cluster.targetUrl();
        dir.target(cluster.context(), url.toString());
        if (!ModelWarmUp.run(url, WARM_UP_TIMEOUT)) {
            out.println("saleday: the model did not answer " + ModelWarmUp.CONSECUTIVE_OK + " predictions in a row"
                    + " within " + ModelWarmUp.FAST.toMillis() + " ms in " + WARM_UP_TIMEOUT.toSeconds()
                    + " s of warm-up; starting anyway");
        }
        // Gatling's own console table every 5 s would bury the progress line; its log and HTML stay.
        if (System.getProperty("gatling.data.writers.0") == null) {
            System.setProperty("gatling.data.writers.0", "file");
        }
        out.println("model: " + url + " ready; load " + dev.saleday.plan.Durations.format(plan.loadDuration())
                + ", " + plan.faults().size() + " faults");
        out.flush();
        Prober prober = teardown.add("the prober", Prober.start(ProberSettings.of(url, dir.path())
                .withTimeout(plan.traffic().requestTimeout())));
        CompletableFuture<Long> loadStart = new CompletableFuture<>();
        Recording recording = startChaos(cluster, dir, teardown, loadStart,
                new ProbeWindowBridge(prober.window()), false);
        chaosHolder.set(recording.chaos());
        PhaseMarkers markers = teardown.add("the phase markers", new PhaseMarkers(plan, recording.timeline()));
        FaultSchedule faults = FaultSchedule.of(schedule);
        String deployment = plan.target().deployment();
        Supplier<List<PodProcess>> pods = plan.target().cluster() == Target.ClusterKind.LOCAL
                ? new LocalPods(cluster.client(), plan.target().namespace()) : List::of;
        java.util.concurrent.atomic.AtomicReference<HostRecorder> host = new java.util.concurrent.atomic.AtomicReference<>();
        LoadListener listener = new LoadListener() {
            @Override
            public void onLoadStart(long loadStartMs) {
                dir.loadStarted(loadStartMs);
                markers.start(loadStartMs);
                loadStart.complete(loadStartMs);
                try {
                    host.set(teardown.add("the host recorder", HostRecorder.start(dir.path(), loadStartMs,
                            ProcessHandle.current().pid(), HostSampler.ofThisJvm(pods))));
                } catch (RuntimeException e) {
                    err.println("saleday: host.jsonl not recorded: " + e.getMessage()); // never fails the run
                    err.flush();
                }
            }

            @Override
            public void onSecond(LoadProgress progress) {
                HostRecorder recorder = host.get();
                out.println(ProgressLine.format(progress,
                        Readiness.readyOfDesired(recording.recorder().deployment(deployment)),
                        recorder == null ? null : ProgressLine.cpuWait(recorder.latest().orElse(null)),
                        faults.next(Duration.ofMillis(progress.elapsedMillis()))));
                out.flush();
            }
        };
        // The pods' own metrics: round 0 just before the load (after the warm-up) is every pod's baseline, taken
        // before the injector starts so that the scraper's first calls never compete with the load's first second.
        try {
            teardown.add("the pods' metrics scraper", PodMetricsScraper.start(cluster.client(),
                    plan.target().namespace(), deployment, plan.observe(), dir.path(), System.currentTimeMillis()));
        } catch (RuntimeException e) {
            err.println("saleday: pod-metrics.jsonl not recorded: " + e.getMessage()); // never fails the run
            err.flush();
        }
        if (plan.traffic().injectors() > 1) {
            new InjectorsLoad(plan, schedule, cluster, dir, teardown, recording.chaos(), out, version)
                    .run(url, listener);
            if (!loadStart.isDone()) {
                loadStart.completeExceptionally(new IllegalStateException("the load never started"));
            }
            if (recording.chaos().abortReason() != null) {
                out.println("saleday: chaos aborted: " + recording.chaos().abortReason());
            }
            return;
        }
        LoadResult result = LoadRun.run(LoadSettings.of(plan, url, dir.path()).withListener(listener), traffic);
        if (!loadStart.isDone()) {
            loadStart.completeExceptionally(new IllegalStateException("the load never started"));
        }
        if (result.simulationLog() == null) {
            throw new IllegalStateException("the load did not run (Gatling exit status " + result.exitStatus()
                    + "); see " + dir.path().resolve("gatling"));
        }
        if (recording.chaos().abortReason() != null) {
            out.println("saleday: chaos aborted: " + recording.chaos().abortReason());
        }
    }

    private void dryRun(ClusterSession cluster, RunDirectory dir, Teardown teardown, ChaosHolder chaosHolder)
            throws IOException {
        // The load is not sent: the faults' clock starts one load-length ago, so every timed fault is prepared and
        // printed at once against the cluster as it is now; conditional faults are listed.
        long loadStartMs = System.currentTimeMillis() - plan.loadDuration().toMillis();
        Recording recording = startChaos(cluster, dir, teardown, CompletableFuture.completedFuture(loadStartMs),
                ProbeWindow.none(), true);
        chaosHolder.set(recording.chaos());
        FaultSchedule faults = FaultSchedule.of(schedule);
        int expected = faults.firings().size();
        long deadline = System.nanoTime() + DRY_RUN_TIMEOUT.toNanos();
        Path timeline = dir.path().resolve(TimelineFile.FILE_NAME);
        while (dryRunEvents(timeline) < expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200); // waiting for the timeline file, flushed each second by chaos
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String conditional = faults.next(plan.loadDuration().plusSeconds(1));
        out.println("dry run: " + expected + " timed fault firings prepared and printed"
                + (conditional.equals("-") ? "" : "; fired on a condition (not evaluated): " + conditional)
                + "; nothing was changed");
        out.flush();
    }

    /** @return the chaos firings that ended without applying anything (printed, refused or failed) so far */
    private static long dryRunEvents(Path timeline) {
        if (!Files.exists(timeline)) {
            return 0;
        }
        long[] ended = {0};
        TimelineFile.read(timeline, event -> event.chaos().filter(TimelineEvent.ChaosAction::endsADryRunFiring)
                .ifPresent(chaos -> ended[0]++));
        return ended[0];
    }

    /**
     * Starts the cluster recorder and chaos side by side on one timeline: the rails are checked first (no call to the
     * cluster before), then the timeline opened, the recorder started, and chaos started beside it. The teardown
     * stops them newest first: chaos undoes its faults (writing the undos into the timeline), then the recorder
     * stops, then the timeline is closed.
     */
    private Recording startChaos(ClusterSession cluster, RunDirectory dir, Teardown teardown,
                                 CompletableFuture<Long> loadStart, ProbeWindow probe, boolean dryRun) {
        PrintStream console = new LinePrintStream(out);
        ChaosRun.Settings settings = ChaosRun.Settings.of(plan, cluster.client(), cluster.context(), dir.path(),
                loadStart, probe).withSchedule(schedule).withDryRun(dryRun).withConsole(console);
        String namespace = plan.target().namespace();
        try {
            Guardrails.check(plan, cluster.context());
            TimelineWriter timeline = teardown.add("the timeline", TimelineWriter.open(dir.path(), namespace));
            Recorder recorder = teardown.add("the cluster recorder",
                    new Recorder(cluster.client(), namespace, timeline).start());
            ChaosRun chaos = teardown.add("chaos (undoing every fault still applied)",
                    ChaosRun.start(settings, timeline, recorder));
            return new Recording(timeline, recorder, chaos);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What runs beside the load: the timeline, the recorder writing the cluster into it, and chaos. */
    private record Recording(TimelineWriter timeline, Recorder recorder, ChaosRun chaos) {
    }

    /**
     * Ctrl-C/SIGTERM: first save what would be lost (the injectors' records, read before their Job is deleted; within
     * {@link InjectorsLoad#COLLECT_ON_INTERRUPT}, and a second Ctrl-C/SIGTERM cuts it short), then stop everything
     * (faults undone, the Job deleted), mark the run interrupted, exit 3.
     */
    private void interrupted(Teardown teardown, RunDirectory dir, ChaosHolder chaos) {
        err.println("saleday: interrupted; undoing every fault and stopping what the run started");
        err.flush();
        SecondSignal.onEither(() -> {
            err.println("saleday: interrupted again; stopping now");
            err.flush();
            teardown.cutSalvageShort();
        });
        teardown.salvage(InjectorsLoad.COLLECT_ON_INTERRUPT);
        chaos.releaseUndoOnExit();
        teardown.run();
        dir.ended(System.currentTimeMillis(), true, chaos.abortReason());
        err.println("saleday: interrupted run; every fault undone. Records so far in " + dir.path()
                + "; analyse them with: saleday analyze " + dir.path());
        err.flush();
        out.flush();
        Runtime.getRuntime().halt(3);
    }

    /** The chaos run once started, for the end of the run and the interrupt hook. */
    private static final class ChaosHolder {
        private volatile ChaosRun chaos;

        void set(ChaosRun run) {
            chaos = run;
        }

        String abortReason() {
            ChaosRun run = chaos;
            return run == null ? null : run.abortReason();
        }

        void releaseUndoOnExit() {
            ChaosRun run = chaos;
            if (run != null) {
                run.releaseUndoOnExit();
            }
        }
    }
}
