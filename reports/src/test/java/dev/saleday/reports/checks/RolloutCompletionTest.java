package dev.saleday.reports.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.records.TimelineEvent;
import dev.saleday.reports.analysis.FaultEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a rollout completed, read from the recorder's deployment lines around a rollout fault. */
class RolloutCompletionTest {

    private static final long STARTED_MS = 30_000;
    /** chaos writes `applied` once the API call has returned: after the informer saw the new generation */
    private static final FaultEvents ROLLOUT = new FaultEvents("release-v1.1", "rollout", STARTED_MS,
            STARTED_MS + 200, null, "applied", List.of("Deployment/recommendation"), "");

    private static TimelineEvent deployment(long tMs, int generation, int observed, int replicas, int updated,
            int ready) {
        return new TimelineEvent(tMs, "deployment", Map.of("name", "recommendation", "generation", generation,
                "observedGeneration", observed, "replicas", replicas, "updated", updated, "ready", ready,
                "available", ready));
    }

    @Test
    void aNewGenerationSeenBeforeChaosWroteAppliedStillCountsAsTheRollouts() {
        // chaos started at 30.000 s, the informer saw generation 2 at 30.190 s, chaos wrote `applied` at 30.200 s
        List<TimelineEvent> timeline = List.of(
                deployment(10_000, 1, 1, 2, 2, 2),
                deployment(STARTED_MS + 190, 2, 1, 2, 2, 2),
                deployment(STARTED_MS + 400, 2, 2, 3, 1, 2),
                deployment(STARTED_MS + 9_000, 2, 2, 2, 2, 2));
        assertThat(RolloutChecks.completedAtMs(timeline, "recommendation", ROLLOUT)).isEqualTo(STARTED_MS + 9_000);
    }

    @Test
    void aRolloutThatNeverFinishesIsNotComplete() {
        List<TimelineEvent> timeline = List.of(
                deployment(10_000, 1, 1, 2, 2, 2),
                deployment(STARTED_MS + 190, 2, 2, 3, 1, 2));
        assertThat(RolloutChecks.completedAtMs(timeline, "recommendation", ROLLOUT)).isEqualTo(-1);
    }

    @Test
    void theStateBeforeTheFaultDoesNotCountAsItsCompletion() {
        List<TimelineEvent> timeline = List.of(deployment(10_000, 1, 1, 2, 2, 2));
        assertThat(RolloutChecks.completedAtMs(timeline, "recommendation", ROLLOUT)).isEqualTo(-1);
    }

    @Test
    void aRolloutPastItsProgressDeadlineFailsWithThatReasonEvenIfItCompletesLater() {
        java.util.Map<String, Object> stalled = new java.util.HashMap<>(deployment(STARTED_MS + 13_000, 2, 2, 3, 1, 2)
                .fields());
        stalled.put("progressing", "ProgressDeadlineExceeded");
        List<TimelineEvent> timeline = List.of(
                deployment(10_000, 1, 1, 2, 2, 2),
                deployment(STARTED_MS + 190, 2, 2, 3, 1, 2),
                new TimelineEvent(STARTED_MS + 13_000, "deployment", stalled),
                deployment(STARTED_MS + 20_000, 2, 2, 2, 2, 2));
        long completed = RolloutChecks.completedAtMs(timeline, "recommendation", ROLLOUT);
        assertThat(completed).isEqualTo(STARTED_MS + 20_000);
        assertThat(RolloutChecks.deadlineExceededAtMs(timeline, "recommendation", ROLLOUT, completed))
                .isEqualTo(STARTED_MS + 13_000);
        assertThat(RolloutChecks.deadlineExceededAtMs(timeline.subList(0, 2), "recommendation", ROLLOUT, -1))
                .isEqualTo(-1);
    }
}
