package dev.saleday.chaos;

import dev.saleday.plan.Fault;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.recorder.Recorder;
import dev.saleday.records.Journal;
import dev.saleday.records.TimelineWriter;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The chaos side of one run, beside the cluster recorder on the run's timeline.jsonl: fires the plan's faults on
 * their triggers (when: {@link TriggerScheduler}, on its own thread), journals each before it takes effect, and
 * undoes everything still applied on {@link #close()}, on abort ({@link AbortWatch}), on Ctrl-C/SIGTERM (a shutdown
 * hook) and when an action fails. The safety rails are checked in {@link #start} before any call reaches the cluster.
 *
 * <pre>{@code
 * try (ChaosRun chaos = ChaosRun.start(ChaosRun.Settings.of(plan, client, context, runDir, loadStart, probe))) {
 *     chaos.timeline().phase("peak", "start");
 *     ... run the load ...
 * } // undoes every fault still applied
 * }</pre>
 */
public final class ChaosRun implements AutoCloseable {

    /**
     * @param context     the kubeconfig context the client was built for (see {@link KubeconfigContext#resolve});
     *                    checked against guards.allowContexts before anything else
     * @param loadStartMs completes with the epoch-millisecond start of the load; triggers count from it
     * @param dryRun      prepare and print every action (with the exact objects), change nothing
     * @param console     where dry-run and action lines are printed
     */
    public record Settings(Plan plan, PlanSchedule schedule, KubernetesClient client, String context, Path runDir,
                           CompletionStage<Long> loadStartMs, ProbeWindow probe, boolean dryRun, PrintStream console,
                           ChaosOptions options, LongSupplier clockMillis) {

        public static Settings of(Plan plan, KubernetesClient client, String context, Path runDir,
                                  CompletionStage<Long> loadStartMs, ProbeWindow probe) {
            return new Settings(plan, PlanSchedule.of(plan), client, context, runDir, loadStartMs, probe, false,
                    System.out, ChaosOptions.defaults(), System::currentTimeMillis);
        }

        /** With the run's schedule of this plan, when the caller has it already. */
        public Settings withSchedule(PlanSchedule runSchedule) {
            return new Settings(plan, runSchedule, client, context, runDir, loadStartMs, probe, dryRun, console,
                    options, clockMillis);
        }

        public Settings withDryRun(boolean dryRun) {
            return new Settings(plan, schedule, client, context, runDir, loadStartMs, probe, dryRun, console,
                    options, clockMillis);
        }

        public Settings withConsole(PrintStream console) {
            return new Settings(plan, schedule, client, context, runDir, loadStartMs, probe, dryRun, console,
                    options, clockMillis);
        }

        public Settings withOptions(ChaosOptions options) {
            return new Settings(plan, schedule, client, context, runDir, loadStartMs, probe, dryRun, console,
                    options, clockMillis);
        }
    }

    /**
     * One change that took effect, and its place in the journal: a fault firing, or a change the run makes for itself
     * ({@link #applyRunChange}), which stays out of the timeline's chaos events.
     */
    private record Applied(long seq, String name, String kind, Step step, boolean runChange) {
        Applied(long seq, Fault fault, Step step) {
            this(seq, fault.name(), fault.action().kind(), step, false);
        }
    }

    /** A change the run made for itself, as {@link #applyRunChange} returns it, to take back with {@link #undoRunChange}. */
    public static final class RunChange {
        private final Applied entry;

        private RunChange(Applied entry) {
            this.entry = entry;
        }
    }

    private final Settings settings;
    private final String namespace;
    private final TimelineWriter timeline;
    private final Journal journal;
    private final Recorder recorder;
    private final ObservedState observed;
    private final BlastRadius blastRadius;
    private final TriggerScheduler triggers;
    private final AbortWatch abortWatch;
    private final ReentrantLock changeLock = new ReentrantLock();
    private final Deque<Applied> applied = new ArrayDeque<>();
    private final AtomicLong seq = new AtomicLong();
    private final Thread shutdownHook;
    private volatile boolean stopped;
    private volatile boolean closed;
    private volatile String abortReason;
    /** Whether this run started the recorder and opened the timeline itself, and so closes them. */
    private volatile boolean ownsRecording;
    /** How long the shutdown hook waits for {@link #releaseUndoOnExit()} before it undoes anyway; zero: no wait. */
    private volatile Duration exitHold = Duration.ZERO;
    private final CountDownLatch exitHoldReleased = new CountDownLatch(1);

    private ChaosRun(Settings settings, TimelineWriter timeline, Journal journal, Recorder recorder) {
        this.settings = settings;
        this.namespace = settings.plan().target().namespace();
        this.timeline = timeline;
        this.journal = journal;
        this.recorder = recorder;
        this.observed = new ObservedState(recorder, settings.plan().target().deployment(), settings.probe(),
                settings.options().probeWindow());
        this.blastRadius = new BlastRadius(settings.plan().guards() == null ? null
                : settings.plan().guards().maxPodsKilled());
        this.triggers = new TriggerScheduler(settings.schedule(), observed, settings.clockMillis(),
                settings.options().pollInterval(), settings.console(), () -> stopped, this::fire);
        this.abortWatch = new AbortWatch(abortGuard(settings), settings.options().pollInterval(), settings.console(),
                () -> stopped, this::abort);
        this.shutdownHook = new Thread(this::closeFromHook, "saleday-chaos-undo-on-exit");
    }

    /**
     * Checks the rails (context, namespace: no call before), opens timeline.jsonl, starts a recorder on it, then
     * {@link #start(Settings, TimelineWriter, Recorder) starts chaos} beside them; closing the run also stops the
     * recorder and closes the timeline. For callers that run no recorder of their own (tests, tools).
     *
     * @throws ChaosRefusedException when a rail refuses; nothing has been called or written then
     * @throws IOException           when the run directory cannot be written, or holds a journal never recovered
     */
    public static ChaosRun start(Settings settings) throws IOException {
        Guardrails.check(settings.plan(), settings.context());
        String namespace = settings.plan().target().namespace();
        TimelineWriter timeline = TimelineWriter.open(settings.runDir(), namespace, settings.clockMillis());
        Recorder recorder = null;
        try {
            recorder = new Recorder(settings.client(), namespace, timeline).start();
            ChaosRun run = start(settings, timeline, recorder);
            run.ownsRecording = true;
            return run;
        } catch (IOException | RuntimeException e) {
            if (recorder != null) {
                recorder.close();
            }
            timeline.close();
            throw e;
        }
    }

    /**
     * Checks the rails, opens journal.jsonl, then schedules the faults once the load start is known. The timeline
     * and the recorder are the caller's, started beside chaos (after {@link Guardrails#check}) and closed after
     * this run is: chaos writes its undos into the timeline while it closes.
     *
     * @throws ChaosRefusedException when a rail refuses; nothing has been called or written by chaos then
     * @throws IOException           when the run directory cannot be written, or holds a journal never recovered
     */
    public static ChaosRun start(Settings settings, TimelineWriter timeline, Recorder recorder) throws IOException {
        Guardrails.check(settings.plan(), settings.context());
        String namespace = settings.plan().target().namespace();
        Journal journal = settings.dryRun() ? null
                : Journal.create(settings.runDir(), namespace, settings.context(), settings.clockMillis());
        try {
            ChaosRun run = new ChaosRun(settings, timeline, journal, recorder);
            Runtime.getRuntime().addShutdownHook(run.shutdownHook);
            settings.loadStartMs().whenComplete((loadStart, failure) -> {
                if (failure == null && loadStart != null) {
                    run.triggers.start(loadStart);
                }
            });
            return run;
        } catch (RuntimeException e) {
            if (journal != null) {
                journal.close();
            }
            throw e;
        }
    }

    /** The timeline, for the orchestrator's phase markers. */
    public TimelineWriter timeline() {
        return timeline;
    }

    /** The recorder's view of the cluster (for the CLI's own waits). */
    public Recorder recorder() {
        return recorder;
    }

    /** @return why the abort guard stopped the run, or null when it did not */
    public String abortReason() {
        return abortReason;
    }

    /** @return pods deleted or evicted so far (dry runs count what they would have) */
    public int podsKilled() {
        return blastRadius.killed();
    }

    // ---- one firing

    private void fire(Fault fault) {
        if (stopped) {
            return;
        }
        String kind = fault.action().kind();
        timeline.chaos(fault.name(), kind, "start", List.of(), null);
        Step step;
        try {
            step = ApiRetry.call(() -> FaultAction.of(fault.action()).prepare(context()), ApiRetry.BUDGET,
                    e -> waiting(fault.name(), kind, "prepare", e));
        } catch (RuntimeException e) {
            timeline.chaos(fault.name(), kind, "failed", List.of(), e.getMessage());
            settings.console().println("saleday chaos: " + fault.name() + " (" + kind + ") failed: " + e.getMessage());
            return;
        }
        if (step.isSkipped()) {
            timeline.chaos(fault.name(), kind, "skipped", step.targets(), step.skipReason());
            settings.console().println("saleday chaos: " + fault.name() + " (" + kind + ") skipped: " + step.skipReason());
            return;
        }
        if (settings.dryRun()) {
            blastRadius.record(step.podsDisrupted());
            timeline.chaos(fault.name(), kind, "dry-run", step.targets(), step.description());
            settings.console().println("DRY-RUN " + fault.name() + " (" + kind + "): would " + step.description()
                    + "; undo: " + step.undo().describe());
            return;
        }
        changeLock.lock();
        try {
            if (stopped) {
                return;
            }
            long id = seq.incrementAndGet();
            journal.intent(id, fault.name(), kind, step.targets(), Undo.toJson(step.undo()));
            Applied entry = new Applied(id, fault, step);
            String result;
            try {
                result = ApiRetry.call(() -> step.effect().apply(settings.client()), ApiRetry.BUDGET,
                        e -> waiting(fault.name(), kind, "apply", e));
            } catch (RuntimeException e) {
                journal.event(id, "failed", e.getMessage());
                timeline.chaos(fault.name(), kind, "failed", step.targets(), e.getMessage());
                settings.console().println("saleday chaos: " + fault.name() + " failed, undoing: " + e.getMessage());
                undo(entry); // a partial change is taken back at once
                return;
            }
            blastRadius.record(step.podsDisrupted());
            journal.event(id, "applied", result);
            timeline.chaos(fault.name(), kind, "applied", step.targets(), result);
            settings.console().println("saleday chaos: " + fault.name() + " (" + kind + "): " + result);
            applied.push(entry);
            if (fault.revertAfter() != null) {
                triggers.submit(() -> revert(entry), fault.revertAfter().toMillis());
            }
        } finally {
            changeLock.unlock();
        }
    }

    /** A call the API server could not serve is retried: said once per retry on the console (not the timeline). */
    private void waiting(String fault, String kind, String what, RuntimeException e) {
        settings.console().println("saleday chaos: " + fault + " (" + kind + "): the API server cannot serve the "
                + what + " yet, retrying: " + e.getMessage());
    }

    private ActionContext context() {
        return new ActionContext(settings.client(), settings.plan(), namespace,
                Guardrails.allowedNamespaces(settings.plan()), blastRadius, settings.options(), () -> stopped,
                settings.clockMillis());
    }

    private void revert(Applied entry) {
        changeLock.lock();
        try {
            if (applied.remove(entry)) {
                undo(entry);
            }
        } finally {
            changeLock.unlock();
        }
    }

    private void undo(Applied entry) {
        String kind = entry.kind();
        if (!entry.runChange()) {
            timeline.chaos(entry.name(), kind, "undo", entry.step().targets(), entry.step().undo().describe());
        }
        try {
            ApiRetry.call(() -> {
                entry.step().undo().undo(settings.client());
                return null;
            }, ApiRetry.BUDGET, e -> waiting(entry.name(), kind, "undo", e));
            journal.event(entry.seq(), "undone", null);
            if (!entry.runChange()) {
                timeline.chaos(entry.name(), kind, "undone", entry.step().targets(), null);
            }
        } catch (RuntimeException e) {
            journal.event(entry.seq(), "undo-failed", e.getMessage());
            if (!entry.runChange()) {
                timeline.chaos(entry.name(), kind, "undo-failed", entry.step().targets(), e.getMessage());
            }
            settings.console().println("saleday chaos: undo of " + entry.name() + " failed: " + e.getMessage()
                    + " (run `saleday recover " + settings.runDir() + "` to retry)");
        }
    }

    /**
     * A change the run makes for itself rather than a fault (the injectors' Job): journaled with its undo before
     * it takes effect, exactly as a fault, so that the run's end, an interrupt and {@code saleday recover} take it
     * back; it is not a chaos event of the timeline and does not count against the guards.
     *
     * @throws IllegalStateException when the run is stopping or is a dry run
     * @throws RuntimeException      what the effect threw, after its undo ran
     */
    public RunChange applyRunChange(String name, String kind, Step step) {
        changeLock.lock();
        try {
            if (stopped || journal == null) {
                throw new IllegalStateException("the run is stopping (or a dry run): " + name + " not made");
            }
            long id = seq.incrementAndGet();
            journal.intent(id, name, kind, step.targets(), Undo.toJson(step.undo()));
            Applied entry = new Applied(id, name, kind, step, true);
            String result;
            try {
                result = ApiRetry.call(() -> step.effect().apply(settings.client()), ApiRetry.BUDGET,
                        e -> waiting(name, kind, "change", e));
            } catch (RuntimeException e) {
                journal.event(id, "failed", e.getMessage());
                undo(entry);
                throw e;
            }
            journal.event(id, "applied", result);
            applied.push(entry);
            return new RunChange(entry);
        } finally {
            changeLock.unlock();
        }
    }

    /** Takes a change of {@link #applyRunChange} back now (the teardown does it when not done before). */
    public void undoRunChange(RunChange change) {
        revert(change.entry);
    }

    private void undoAll() {
        changeLock.lock();
        try {
            while (!applied.isEmpty()) {
                undo(applied.pop());
            }
        } finally {
            changeLock.unlock();
        }
    }

    // ---- abort

    private static AbortGuard abortGuard(Settings settings) {
        if (settings.plan().guards() == null || settings.plan().guards().abortWhen() == null) {
            return null;
        }
        return new AbortGuard(settings.plan().guards().abortWhen(), settings.probe(), settings.clockMillis());
    }

    private void abort(String reason) {
        abortReason = reason;
        stopped = true;
        timeline.chaos(null, "abort", "abort", List.of(), reason);
        settings.console().println("saleday chaos: ABORT: " + reason + "; no more faults, undoing what is applied");
        undoAll();
        abortWatch.shutdown();
    }

    // ---- the end

    /** Stops injecting, waits for an action in progress, undoes everything still applied, closes the records. */
    @Override
    public void close() {
        closeInternal();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or ran
        }
    }

    /**
     * On Ctrl-C/SIGTERM, this run's shutdown hook first waits (at most {@code maxHold}) until the caller's own
     * interrupt handling says {@link #releaseUndoOnExit()}: for a caller that must read something from what a change
     * made before it is undone (the injectors' records before their Job is deleted). The undo still always happens:
     * after the release, after {@code maxHold}, or from {@link #close()}.
     */
    public void holdUndoOnExit(Duration maxHold) {
        exitHold = maxHold;
    }

    /** Lets the shutdown hook undo now (see {@link #holdUndoOnExit}); idempotent. */
    public void releaseUndoOnExit() {
        exitHoldReleased.countDown();
    }

    private void closeFromHook() {
        Duration hold = exitHold;
        if (!closed && !hold.isZero()) {
            try {
                if (!exitHoldReleased.await(hold.toMillis(), TimeUnit.MILLISECONDS)) {
                    settings.console().println("saleday chaos: the run's interrupt handling did not finish within "
                            + hold.toSeconds() + " s; undoing every change now");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!closed) {
            settings.console().println("saleday chaos: interrupted; undoing every fault still applied");
        }
        closeInternal();
    }

    private synchronized void closeInternal() {
        if (closed) {
            return;
        }
        stopped = true;
        abortWatch.shutdown(); // an abort in progress finishes its undos
        triggers.shutdown();
        try {
            abortWatch.awaitTermination(settings.options().verifyTimeout().plusSeconds(10));
            triggers.awaitTermination(settings.options().drainTimeout().plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undoAll();
        closed = true;
        if (ownsRecording) {
            recorder.close();
            timeline.close();
        }
        if (journal != null) {
            journal.close();
        }
    }
}
