package dev.saleday.chaos;

import dev.saleday.plan.Fault;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.Trigger;
import dev.saleday.recorder.Recorder;
import dev.saleday.records.Journal;
import dev.saleday.records.TimelineWriter;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The chaos side of one run, beside the cluster recorder on the run's timeline.jsonl: fires the plan's faults on
 * their triggers (on its own thread), journals each before it takes effect, and undoes everything still applied on
 * {@link #close()}, on abort, on Ctrl-C/SIGTERM (a shutdown hook) and when an action fails. The safety rails are
 * checked in {@link #start} before any call reaches the cluster.
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

    /** One fault firing that took effect, and its place in the journal. */
    private record Applied(long seq, Fault fault, Step step) {
    }

    private final Settings settings;
    private final String namespace;
    private final TimelineWriter timeline;
    private final Journal journal;
    private final Recorder recorder;
    private final ObservedState observed;
    private final BlastRadius blastRadius;
    private final ScheduledExecutorService executor;
    private final ScheduledExecutorService guardExecutor;
    private final ReentrantLock changeLock = new ReentrantLock();
    private final Deque<Applied> applied = new ArrayDeque<>();
    private final AtomicLong seq = new AtomicLong();
    private final Thread shutdownHook;
    private volatile boolean stopped;
    private volatile boolean closed;
    private volatile String abortReason;
    /** Whether this run started the recorder and opened the timeline itself, and so closes them. */
    private volatile boolean ownsRecording;

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
        ScheduledThreadPoolExecutor main = new ScheduledThreadPoolExecutor(1, daemon("saleday-chaos"));
        main.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        main.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.executor = main;
        this.guardExecutor = Executors.newSingleThreadScheduledExecutor(daemon("saleday-abort-guard"));
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
            run.startGuard();
            settings.loadStartMs().whenComplete((loadStart, failure) -> {
                if (failure == null && loadStart != null) {
                    run.schedule(loadStart);
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

    // ---- scheduling

    private void schedule(long loadStartMillis) {
        PlanSchedule clock = settings.schedule();
        for (PlanSchedule.Firing firing : clock.firings()) {
            fireAt(firing.fault(), loadStartMillis + firing.offset().toMillis());
        }
        for (Fault fault : clock.conditionalFaults()) {
            watch(fault, (Trigger.When) fault.trigger(), loadStartMillis, loadStartMillis + clock.loadMillis());
        }
    }

    private void fireAt(Fault fault, long atMillis) {
        long delay = Math.max(0, atMillis - settings.clockMillis().getAsLong());
        submit(() -> fire(fault), delay);
    }

    /** Polls the condition from the load start to its end; fires once it has held for holdFor. */
    private void watch(Fault fault, Trigger.When when, long loadStartMillis, long loadEndMillis) {
        long[] heldSince = {-1};
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        long period = settings.options().pollInterval().toMillis();
        long delay = Math.max(0, loadStartMillis - settings.clockMillis().getAsLong());
        synchronized (heldSince) {
            self[0] = executor.scheduleAtFixedRate(() -> {
                synchronized (heldSince) {
                    long now = settings.clockMillis().getAsLong();
                    if (stopped || now >= loadEndMillis) {
                        self[0].cancel(false);
                        return;
                    }
                    if (!observed.holds(when.condition())) {
                        heldSince[0] = -1;
                        return;
                    }
                    if (heldSince[0] < 0) {
                        heldSince[0] = now;
                    }
                    if (now - heldSince[0] >= when.holdFor().toMillis()) {
                        self[0].cancel(false);
                        fire(fault);
                    }
                }
            }, delay, period, TimeUnit.MILLISECONDS);
        }
    }

    private void submit(Runnable task, long delayMillis) {
        if (!executor.isShutdown()) {
            executor.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    settings.console().println("saleday chaos: unexpected " + e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
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
            step = FaultAction.of(fault.action()).prepare(context());
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
                result = step.effect().apply(settings.client());
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
                submit(() -> revert(entry), fault.revertAfter().toMillis());
            }
        } finally {
            changeLock.unlock();
        }
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
        String kind = entry.fault().action().kind();
        timeline.chaos(entry.fault().name(), kind, "undo", entry.step().targets(), entry.step().undo().describe());
        try {
            entry.step().undo().undo(settings.client());
            journal.event(entry.seq(), "undone", null);
            timeline.chaos(entry.fault().name(), kind, "undone", entry.step().targets(), null);
        } catch (RuntimeException e) {
            journal.event(entry.seq(), "undo-failed", e.getMessage());
            timeline.chaos(entry.fault().name(), kind, "undo-failed", entry.step().targets(), e.getMessage());
            settings.console().println("saleday chaos: undo of " + entry.fault().name() + " failed: " + e.getMessage()
                    + " (run `saleday recover " + settings.runDir() + "` to retry)");
        }
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

    // ---- abort guard

    private void startGuard() {
        if (settings.plan().guards() == null || settings.plan().guards().abortWhen() == null) {
            return;
        }
        AbortGuard guard = new AbortGuard(settings.plan().guards().abortWhen(), settings.probe(),
                settings.clockMillis());
        long period = settings.options().pollInterval().toMillis();
        guardExecutor.scheduleAtFixedRate(() -> {
            if (stopped) {
                return;
            }
            try {
                String reason = guard.observe();
                if (reason != null) {
                    abort(reason);
                }
            } catch (RuntimeException e) {
                settings.console().println("saleday chaos: abort guard could not read the prober: " + e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private void abort(String reason) {
        abortReason = reason;
        stopped = true;
        timeline.chaos(null, "abort", "abort", List.of(), reason);
        settings.console().println("saleday chaos: ABORT: " + reason + "; no more faults, undoing what is applied");
        undoAll();
        guardExecutor.shutdown();
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

    private void closeFromHook() {
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
        guardExecutor.shutdown(); // an abort in progress finishes its undos
        executor.shutdown();
        try {
            guardExecutor.awaitTermination(settings.options().verifyTimeout().toMillis() + 10_000,
                    TimeUnit.MILLISECONDS);
            if (!executor.awaitTermination(settings.options().drainTimeout().toMillis() + 10_000,
                    TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
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

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
