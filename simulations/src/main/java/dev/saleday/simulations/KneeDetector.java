package dev.saleday.simulations;

import dev.saleday.records.CapacityFile.Knee;
import dev.saleday.records.CapacityFile.StepJudgement;
import dev.saleday.records.CapacityFile;
import dev.saleday.records.JsonLinesWriter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Watches a capacity search: once a step (phase) has ended and its answers are in, compares its p99 and error rate
 * with the bounds; when {@link KneeRule} finds the knee (a step over a bound, or a p99 rising step after step), the
 * load stops. Writes {@code capacity.jsonl}: one line per judged step, then the knee.
 */
final class KneeDetector {

    static final long LATE_JUDGEMENT_MILLIS = 10_000;

    private final LoadSettings.CapacityBounds bounds;
    private final long answerGraceMillis;
    private final Path runDir;
    private final List<StepJudgement> judged = new ArrayList<>();
    private volatile boolean reached;
    private volatile LoadResult.Knee knee;
    private int nextStep;
    private JsonLinesWriter out;

    KneeDetector(LoadSettings.CapacityBounds bounds, Duration requestTimeout, Path runDir) {
        this.bounds = bounds;
        this.answerGraceMillis = Math.min(requestTimeout == null ? 2000 : requestTimeout.toMillis(), 2000) + 250;
        this.runDir = runDir;
    }

    boolean reached() {
        return reached;
    }

    Optional<LoadResult.Knee> knee() {
        return Optional.ofNullable(knee);
    }

    /** Called each second by the recorder thread. */
    void check(LoadRecorder recorder) {
        if (out == null) {
            out = CapacityFile.create(runDir, new CapacityFile.Header(bounds.maxP99().toMillis(), bounds.maxErrorRate()));
        }
        var schedule = recorder.model().schedule();
        long now = System.currentTimeMillis();
        while (!reached && nextStep < schedule.phases().size() && answersAreIn(recorder, nextStep, now)) {
            judge(recorder, nextStep++);
        }
        out.flush();
    }

    /**
     * A step is judged once all its planned requests were answered, or, when the injector or the target lags,
     * {@link #LATE_JUDGEMENT_MILLIS} after its end plus the answer grace (sent requests still unanswered then count
     * as failures).
     */
    private boolean answersAreIn(LoadRecorder recorder, int step, long now) {
        long stepEndMs = recorder.loadStartMs() + recorder.model().clock().phaseEndMillis(step);
        if (now < stepEndMs) {
            return false;
        }
        PhaseCounts counts = recorder.phaseCounts(step);
        return counts.ok() + counts.failed() >= counts.planned() || now >= stepEndMs + answerGraceMillis + LATE_JUDGEMENT_MILLIS;
    }

    private void judge(LoadRecorder recorder, int step) {
        PhaseCounts counts = recorder.phaseCounts(step);
        long answers = counts.ok() + counts.failed();
        // Sent requests still unanswered count as failed. Requests the injector never sent are its own lag, not the
        // target's: they are reported (injector health, `sent` below), not counted against the step.
        long unanswered = Math.max(0, counts.sent() - answers);
        long counted = answers + unanswered;
        double errorRate = counted == 0 ? 0 : (double) (counts.failed() + unanswered) / counted;
        double rateRps = recorder.model().clock().rateRpsAt(recorder.model().clock().phaseStartMillis(step))
                / recorder.shard().count();
        boolean held = counts.p99Millis() <= bounds.maxP99().toMillis() && errorRate <= bounds.maxErrorRate();
        StepJudgement judgement = new StepJudgement(counts.phase(), rateRps, counts.sent(), counts.ok(), counts.failed(),
                counts.p99Millis(), errorRate, held);
        judged.add(judgement);
        out.write(judgement);
        Optional<KneeRule.Found> found = KneeRule.find(judged, bounds.maxP99().toMillis());
        if (found.isPresent()) {
            StepJudgement at = judged.get(found.get().index());
            double lastSustained = found.get().index() == 0 ? 0 : judged.get(found.get().index() - 1).rateRps();
            knee = new LoadResult.Knee(at.step(), at.rateRps(), lastSustained, at.p99Ms(), at.errorRate());
            out.write(new Knee(at.step(), at.rateRps(), lastSustained, found.get().reason()));
            reached = true;
            recorder.stopNow();
            System.out.printf("saleday: capacity knee at %s (%.0f req/s): %s; last sustained step %.0f req/s%n",
                    at.step(), at.rateRps(), found.get().reason(), lastSustained);
        }
    }

    void close() {
        if (out != null) {
            out.close();
        }
    }
}
