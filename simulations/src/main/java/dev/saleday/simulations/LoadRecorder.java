package dev.saleday.simulations;

import dev.saleday.records.AnswersFile;
import dev.saleday.records.InjectorFile;
import dev.saleday.records.InjectorSecond;
import dev.saleday.records.JsonLinesWriter;

import dev.saleday.plan.Phase;
import dev.saleday.simulations.traffic.ArrivalSchedule;
import dev.saleday.simulations.traffic.IntendedSends;
import dev.saleday.simulations.traffic.Shard;
import dev.saleday.simulations.traffic.TrafficModel;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts what the load does, from inside the simulation: requests started per second and phase, answers per second,
 * model version and pod, response times per phase. Once a second it closes the past second into injector.jsonl and
 * answers.jsonl (flushed), and tells the {@link LoadListener}. Thread-safe: Gatling calls it from its event loops.
 */
final class LoadRecorder implements AutoCloseable {

    private static final long HIGHEST_MILLIS = 3_600_000;
    /** A second is closed this long after its end, so that late callers of the same second still land in it. */
    private static final long CLOSE_GRACE_MILLIS = 250;
    private static final int RECENT_SECONDS = 5;
    private static final int MIN_INTENDED_FOR_BEHIND = 20;

    private final TrafficModel model;
    private final ArrivalSchedule schedule;
    private final Shard shard;
    private final Path runDir;
    private final LoadListener listener;
    private final double minAchievedFraction;
    private final HostCpu hostCpu = new HostCpu();

    private final Map<Long, LongAdder> sentBySecond = new ConcurrentHashMap<>();
    private final Map<Long, LongAccumulator> sendLagMaxBySecond = new ConcurrentHashMap<>();
    private final IntendedSends[] intendedSends;
    private final AtomicLong[] sendSequence;
    private final Map<Long, LongAdder> okBySecond = new ConcurrentHashMap<>();
    private final Map<Long, LongAdder> failedBySecond = new ConcurrentHashMap<>();
    private final Map<AnswerKey, AnswerCount> answers = new ConcurrentHashMap<>();
    private final LongAdder[] sentByPhase;
    private final LongAdder[] okByPhase;
    private final LongAdder[] failedByPhase;
    private final ConcurrentHistogram[] latencyByPhase;
    private final Recorder recentLatency = new Recorder(HIGHEST_MILLIS, 2);
    private final Deque<Histogram> recentSeconds = new ArrayDeque<>();
    private final List<Consumer<LoadRecorder>> tickHooks = new ArrayList<>();

    private volatile long loadStartMs = -1;
    private volatile long stoppedAtOffsetMillis = Long.MAX_VALUE;
    private ScheduledExecutorService ticker;
    private JsonLinesWriter injectorOut;
    private JsonLinesWriter answersOut;
    private long nextSecondMs;
    private long intendedTotal;
    private int seconds;
    private int secondsBehind;
    private int secondsPinned;
    private long maxSendLagMs;
    private final long sendLagBoundMs;
    private boolean closed;

    /** With the default send-lag bound ({@link dev.saleday.plan.PlanDefaults#MAX_SEND_LAG}). */
    LoadRecorder(TrafficModel model, Shard shard, Path runDir, LoadListener listener, double minAchievedFraction) {
        this(model, shard, runDir, listener, minAchievedFraction, dev.saleday.plan.PlanDefaults.MAX_SEND_LAG);
    }

    /**
     * @param minAchievedFraction the plan's {@code slo.minAchievedRate}: below it the injector fell behind
     * @param maxSendLag          the plan's {@code slo.maxSendLag}: a request leaving later fell behind
     */
    LoadRecorder(TrafficModel model, Shard shard, Path runDir, LoadListener listener, double minAchievedFraction,
                 java.time.Duration maxSendLag) {
        this.sendLagBoundMs = maxSendLag.toMillis();
        this.model = model;
        this.schedule = model.schedule();
        this.shard = shard;
        this.runDir = runDir;
        this.listener = listener;
        this.minAchievedFraction = minAchievedFraction;
        int phases = schedule.phases().size();
        this.sentByPhase = adders(phases);
        this.okByPhase = adders(phases);
        this.failedByPhase = adders(phases);
        this.intendedSends = new IntendedSends[phases];
        this.sendSequence = new AtomicLong[phases];
        for (int i = 0; i < phases; i++) {
            intendedSends[i] = IntendedSends.of(schedule, shard, i, TrafficScenarios.SLICE_MILLIS);
            sendSequence[i] = new AtomicLong();
        }
        this.latencyByPhase = new ConcurrentHistogram[phases];
        for (int i = 0; i < phases; i++) {
            latencyByPhase[i] = new ConcurrentHistogram(HIGHEST_MILLIS, 2);
        }
    }

    /** Runs {@code hook} on the recorder thread after each closed second (e.g. the knee detector). */
    void onTick(Consumer<LoadRecorder> hook) {
        tickHooks.add(hook);
    }

    /** The load starts now: open the record files and start closing seconds. */
    synchronized void start(long startMs) {
        if (loadStartMs >= 0 || closed) {
            return;
        }
        loadStartMs = startMs;
        injectorOut = InjectorFile.create(runDir, new InjectorFile.Header(shard.toString(), startMs));
        answersOut = AnswersFile.create(runDir);
        nextSecondMs = Math.floorDiv(startMs, 1000) * 1000;
        notifyListener(l -> l.onLoadStart(startMs));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "saleday-load-recorder");
            thread.setDaemon(true);
            return thread;
        });
        long firstTickDelay = nextSecondMs + 1000 + CLOSE_GRACE_MILLIS - System.currentTimeMillis();
        ticker.scheduleAtFixedRate(this::tick, Math.max(0, firstTickDelay), 1000, TimeUnit.MILLISECONDS);
    }

    long loadStartMs() {
        return loadStartMs;
    }

    TrafficModel model() {
        return model;
    }

    Shard shard() {
        return shard;
    }

    /** The load stops early (capacity knee found): nothing is intended after now. */
    void stopNow() {
        stoppedAtOffsetMillis = Math.min(stoppedAtOffsetMillis, System.currentTimeMillis() - loadStartMs);
    }

    /**
     * A request of the phase starts now. It is the phase's next request in the order the injector starts them, so
     * its intended send time is the schedule's for that request; its send lag (now minus that, never below 0) goes
     * into the second's maximum.
     */
    void requestSent(int phaseIndex) {
        long nowMs = System.currentTimeMillis();
        if (loadStartMs < 0) {
            // the first phase's first request and the load-start user are both due at the injector's time zero, in
            // either order: whichever runs first starts the load (before it, a lag would count from the epoch)
            start(nowMs);
        }
        long second = Math.floorDiv(nowMs, 1000) * 1000;
        sentBySecond.computeIfAbsent(second, s -> new LongAdder()).increment();
        sentByPhase[phaseIndex].increment();
        long k = sendSequence[phaseIndex].getAndIncrement();
        long lagMs = Math.max(0, Math.round(nowMs - loadStartMs - intendedSends[phaseIndex].offsetMillis(k)));
        sendLagMaxBySecond.computeIfAbsent(second, s -> new LongAccumulator(Math::max, 0)).accumulate(lagMs);
    }

    /**
     * @param responseTimeMillis Gatling's response time, or -1 when there was no answer
     */
    void answered(int phaseIndex, boolean ok, String version, String pod, long responseTimeMillis) {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000) * 1000;
        (ok ? okBySecond : failedBySecond).computeIfAbsent(second, s -> new LongAdder()).increment();
        (ok ? okByPhase : failedByPhase)[phaseIndex].increment();
        answers.computeIfAbsent(new AnswerKey(second, version, pod), k -> new AnswerCount()).add(ok);
        if (responseTimeMillis >= 0) {
            long bounded = Math.min(responseTimeMillis, HIGHEST_MILLIS);
            latencyByPhase[phaseIndex].recordValue(bounded);
            recentLatency.recordValue(bounded);
        }
    }

    /** @return what the phase did so far */
    PhaseCounts phaseCounts(int phaseIndex) {
        Histogram latency = latencyByPhase[phaseIndex];
        return new PhaseCounts(schedule.phases().get(phaseIndex).name(), schedule.shardCountInPhase(shard, phaseIndex),
                sentByPhase[phaseIndex].sum(), okByPhase[phaseIndex].sum(), failedByPhase[phaseIndex].sum(),
                latency.getTotalCount() == 0 ? -1 : latency.getValueAtPercentile(99));
    }

    List<PhaseCounts> phaseCounts() {
        List<PhaseCounts> counts = new ArrayList<>();
        for (int i = 0; i < schedule.phases().size(); i++) {
            counts.add(phaseCounts(i));
        }
        return counts;
    }

    private synchronized void tick() {
        if (closed) {
            return;
        }
        try {
            closeSecondsBefore(System.currentTimeMillis() - CLOSE_GRACE_MILLIS);
            for (Consumer<LoadRecorder> hook : tickHooks) {
                hook.accept(this);
            }
        } catch (RuntimeException e) {
            System.err.println("saleday: load recorder: " + e);
        }
    }

    private void closeSecondsBefore(long boundaryMs) {
        Histogram recent = recentLatency.getIntervalHistogram();
        recentSeconds.addLast(recent);
        while (recentSeconds.size() > RECENT_SECONDS) {
            recentSeconds.removeFirst();
        }
        while (nextSecondMs + 1000 <= boundaryMs) {
            closeSecond(nextSecondMs);
            nextSecondMs += 1000;
        }
        writeAnswersBefore(boundaryMs);
        injectorOut.flush();
        answersOut.flush();
    }

    private void closeSecond(long secondMs) {
        long fromOffset = Math.max(secondMs, loadStartMs) - loadStartMs;
        long toOffset = Math.min(secondMs + 1000 - loadStartMs, Math.min(schedule.totalMillis(), stoppedAtOffsetMillis));
        long intended = toOffset > fromOffset ? schedule.shardCountBetween(shard, fromOffset, toOffset) : 0;
        long sent = take(sentBySecond, secondMs);
        if (fromOffset >= schedule.totalMillis() && sent == 0 && intended == 0) {
            return; // after the load: only seconds that still saw requests start
        }
        int phaseIndex = schedule.clock().phaseIndexAt(Math.min(fromOffset, schedule.totalMillis() - 1));
        String phase = schedule.phases().get(phaseIndex).name();
        double cpu = hostCpu.load();
        LongAccumulator lag = sendLagMaxBySecond.remove(secondMs);
        if (lag != null) {
            maxSendLagMs = Math.max(maxSendLagMs, lag.get());
        }
        injectorOut.write(new InjectorSecond(secondMs, phase, intended, sent, cpu, lag == null ? null : lag.get()));
        intendedTotal += intended;
        seconds++;
        if (intended >= MIN_INTENDED_FOR_BEHIND && sent < minAchievedFraction * intended) {
            secondsBehind++;
        }
        if (cpu >= InjectorHealth.PINNED_CPU) {
            secondsPinned++;
        }
        LoadProgress progress = new LoadProgress(secondMs, secondMs + 1000 - loadStartMs, schedule.totalMillis(),
                fromOffset < schedule.totalMillis() ? phase : null, intended, sent, take(okBySecond, secondMs),
                take(failedBySecond, secondMs), recentP99Millis(), cpu);
        notifyListener(l -> l.onSecond(progress));
    }

    private void writeAnswersBefore(long boundaryMs) {
        List<AnswerKey> closedKeys = new ArrayList<>();
        for (AnswerKey key : answers.keySet()) {
            if (key.secondMs() + 1000 <= boundaryMs) {
                closedKeys.add(key);
            }
        }
        closedKeys.sort((a, b) -> Long.compare(a.secondMs(), b.secondMs()));
        for (AnswerKey key : closedKeys) {
            AnswerCount count = answers.remove(key);
            if (count != null) {
                answersOut.write(new dev.saleday.records.AnswerCount(key.secondMs(), key.version(), key.pod(), count.ok.sum(), count.failed.sum()));
            }
        }
    }

    private double recentP99Millis() {
        Histogram merged = new Histogram(HIGHEST_MILLIS, 2);
        recentSeconds.forEach(merged::add);
        return merged.getTotalCount() == 0 ? -1 : merged.getValueAtPercentile(99);
    }

    /** Closes every second up to now, flushes and closes the files, and judges the injector's health. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (loadStartMs >= 0) {
            long end = Math.max(System.currentTimeMillis(), loadStartMs + schedule.totalMillis());
            closeSecondsBefore(Math.floorDiv(end, 1000) * 1000 + 1000);
            injectorOut.close();
            answersOut.close();
        }
        closed = true;
    }

    /** @return the injector's health over the whole run; call after {@link #close()} */
    synchronized InjectorHealth health() {
        long sentTotal = 0;
        for (LongAdder adder : sentByPhase) {
            sentTotal += adder.sum();
        }
        double achieved = intendedTotal == 0 ? 1 : (double) sentTotal / intendedTotal;
        return new InjectorHealth(intendedTotal, sentTotal, achieved, secondsBehind, secondsPinned, seconds,
                maxSendLagMs, minAchievedFraction, sendLagBoundMs);
    }

    List<Phase> phases() {
        return schedule.phases();
    }

    private void notifyListener(Consumer<LoadListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            System.err.println("saleday: load listener failed (ignored): " + e);
        }
    }

    private static long take(Map<Long, LongAdder> bySecond, long secondMs) {
        LongAdder adder = bySecond.remove(secondMs);
        return adder == null ? 0 : adder.sum();
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    private record AnswerKey(long secondMs, String version, String pod) {
    }

    private static final class AnswerCount {
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();

        void add(boolean isOk) {
            (isOk ? ok : failed).increment();
        }
    }
}
