package dev.saleday.reports.observed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client's failures no pod answered as failures: counted when the pods served the load, not when the load went to
 * a {@code target.url} the Deployment's pods do not serve.
 */
class FailuresBetweenTest {

    static Observed pods(Map<String, Long> predictByStatus) {
        long answered = predictByStatus.values().stream().mapToLong(Long::longValue).sum();
        ServerView.PodServed pod = new ServerView.PodServed("reco-a", 0, 10_000, true, predictByStatus, 300.0, 1, 0,
                300, 10);
        return new Observed(new ServerView(true, List.of(), 5, 0, List.of(pod), List.of(), answered, 0, null,
                List.of(), 0, 0, Map.of()), null, null, null);
    }

    @Test
    void theClientsFailuresBeyondThePodsFailedAnswersFailedInBetween() {
        assertThat(pods(Map.of("200", 90L, "503", 10L)).failuresNoPodAnswered(30, 90)).isEqualTo(20);
        assertThat(pods(Map.of("200", 90L, "503", 40L)).failuresNoPodAnswered(30, 90)).isZero();
    }

    @Test
    void podsThatAnsweredNothingWhileTheClientWasAnsweredAreNotTheTarget() {
        assertThat(pods(Map.of()).failuresNoPodAnswered(200, 500)).as("target.url elsewhere").isZero();
        // nothing answered at all: every failure happened before a pod (a proxy, the network)
        assertThat(pods(Map.of()).failuresNoPodAnswered(50, 0)).isEqualTo(50);
    }
}
