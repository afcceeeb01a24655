package dev.saleday.reports.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.saleday.records.AnswerCount;
import dev.saleday.records.TimelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The balance measurement as a pure function of answers per second per pod and the pods' readiness. */
class BalanceChecksTest {

    static final long T0 = 1_796_000_000_000L;

    @Test
    void evenAnswersOverTheReadyPodsAreASkewOfOne() {
        List<AnswerCount> answers = perSecond(0, 20, Map.of("a", 50L, "b", 50L, "c", 50L));
        BalanceChecks.Window worst = BalanceChecks.worst(answers, readyFromTheStart("a", "b", "c"), T0, T0 + 20_000);

        assertThat(worst.skew()).isEqualTo(1.0);
        assertThat(worst.answersByPod()).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void aReadyPodTheTrafficNeverReachedCountsAsZero() {
        // b and c share everything; d is ready from the start and gets nothing: busiest 100 over a mean of 66.7
        List<AnswerCount> answers = perSecond(0, 10, Map.of("b", 100L, "c", 100L));
        BalanceChecks.Window worst = BalanceChecks.worst(answers, readyFromTheStart("b", "c", "d"), T0, T0 + 10_000);

        assertThat(worst.skew()).isCloseTo(1.5, within(1e-9));
        assertThat(worst.answersByPod()).containsEntry("d", 0L);
        assertThat(worst.describe()).contains("3 pods ready through it answered 1000 / 1000 / 0")
                .contains("busiest 1.50x their mean");
    }

    @Test
    void onlyPodsReadyThroughTheWholeWindowAreJudgedAndTheWorstWindowIsTheMeasurement() {
        // window 1 (0-10 s): a and b even. Window 2 (10-20 s): a, b and c (ready at 10 s) where c got little.
        // e is ready from 15 s to 19 s: judged in no window. a goes terminating at 25 s: out of window 3.
        List<AnswerCount> answers = new ArrayList<>(perSecond(0, 10, Map.of("a", 10L, "b", 10L)));
        answers.addAll(perSecond(10, 20, Map.of("a", 10L, "b", 10L, "c", 1L, "e", 30L)));
        answers.addAll(perSecond(20, 30, Map.of("b", 10L, "c", 10L)));
        List<TimelineEvent> timeline = List.of(pod(-5_000, "ready", "a"), pod(-5_000, "ready", "b"),
                pod(10_000, "ready", "c"), pod(15_000, "ready", "e"), pod(19_000, "not-ready", "e"),
                pod(25_000, "terminating", "a"));
        var ready = BalanceChecks.readiness(timeline, Set.of("a", "b", "c", "e"));

        BalanceChecks.Window worst = BalanceChecks.worst(answers, ready, T0, T0 + 30_000);

        assertThat(worst.startMs()).isEqualTo(T0 + 10_000);
        assertThat(worst.answersByPod()).containsOnlyKeys("a", "b", "c");
        assertThat(worst.skew()).isCloseTo(100 / (210 / 3.0), within(1e-9));
    }

    @Test
    void aPodsFailedAnswersCountAsTrafficItGot() {
        List<AnswerCount> answers = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            answers.add(new AnswerCount(T0 + s * 1000L, "v1.0", "a", 10, 0));
            answers.add(new AnswerCount(T0 + s * 1000L, "v1.0", "b", 2, 8)); // a sick pod, evenly balanced
        }
        assertThat(BalanceChecks.worst(answers, readyFromTheStart("a", "b"), T0, T0 + 10_000).skew()).isEqualTo(1.0);
    }

    @Test
    void withFewerThanTwoReadyPodsThereIsNothingToMeasure() {
        List<AnswerCount> answers = perSecond(0, 30, Map.of("a", 10L));
        assertThat(BalanceChecks.worst(answers, readyFromTheStart("a"), T0, T0 + 30_000)).isNull();
        assertThat(BalanceChecks.worst(answers, readyFromTheStart("a", "b"), T0, T0 + 9_999)).as("no whole window")
                .isNull();
    }

    @Test
    void readinessEndsOnNotReadyTerminatingOrDeletedAndCanStartAgain() {
        var ready = BalanceChecks.readiness(List.of(pod(0, "ready", "a"), pod(5_000, "not-ready", "a"),
                pod(7_000, "ready", "a"), pod(9_000, "deleted", "a"), pod(1_000, "ready", "other")), Set.of("a"));

        assertThat(ready).containsOnlyKeys("a");
        assertThat(ready.get("a")).containsExactly(new long[] {T0, T0 + 5_000}, new long[] {T0 + 7_000, T0 + 9_000});
    }

    @Test
    void theServicesPodsAreThoseThatAnsweredAndThoseOfTheDeployment() {
        List<AnswerCount> answers = List.of(new AnswerCount(T0, "v1.0", "web-1", 3, 0));
        List<TimelineEvent> timeline = List.of(pod(0, "ready", "recommendation-7d9f-abcde"),
                pod(0, "ready", "redis-0"), pod(0, "ready", "web-1"));

        assertThat(BalanceChecks.servingPods(answers, timeline, "recommendation"))
                .containsExactlyInAnyOrder("web-1", "recommendation-7d9f-abcde");
    }

    /** @return answers each second of [fromS, toS) for each pod */
    static List<AnswerCount> perSecond(int fromS, int toS, Map<String, Long> okByPod) {
        List<AnswerCount> answers = new ArrayList<>();
        for (int s = fromS; s < toS; s++) {
            long t = T0 + s * 1000L;
            okByPod.forEach((pod, ok) -> answers.add(new AnswerCount(t, "v1.0", pod, ok, 0)));
        }
        return answers;
    }

    static Map<String, List<long[]>> readyFromTheStart(String... pods) {
        List<TimelineEvent> timeline = new ArrayList<>();
        for (String pod : pods) {
            timeline.add(pod(-1_000, "ready", pod));
        }
        return BalanceChecks.readiness(timeline, Set.of(pods));
    }

    static TimelineEvent pod(long offsetMs, String event, String pod) {
        return new TimelineEvent(T0 + offsetMs, "pod", Map.of("event", event, "pod", pod));
    }
}
