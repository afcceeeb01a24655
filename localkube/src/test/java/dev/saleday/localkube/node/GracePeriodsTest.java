package dev.saleday.localkube.node;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet's grace-period rules (pod_workers.go calculateEffectiveGracePeriod, kuberuntime killContainer). */
class GracePeriodsTest {

    @Test
    void theApiServersDeletionGracePeriodWinsAndIsNeverBelowOneSecond() {
        assertThat(GracePeriods.podSeconds(null, 15L)).isEqualTo(15);
        assertThat(GracePeriods.podSeconds(null, null)).isEqualTo(30);
        assertThat(GracePeriods.podSeconds(5L, 15L)).isEqualTo(5);
        // a force delete (deletionGracePeriodSeconds 0) does not fall back to the spec's 15 s: it gets 1 s
        assertThat(GracePeriods.podSeconds(0L, 15L)).isEqualTo(1);
        assertThat(GracePeriods.podSeconds(null, 0L)).isEqualTo(1);
    }

    @Test
    void sigkillComesWhatIsLeftAfterPreStopButNeverSoonerThanTwoSecondsAfterSigterm() {
        assertThat(GracePeriods.afterSigterm(30, Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        // whole seconds of preStop come off, truncated: 2.9 s of preStop leave 28 s
        assertThat(GracePeriods.afterSigterm(30, Duration.ofMillis(2900))).isEqualTo(Duration.ofSeconds(28));
        // a force delete: grace 1, preStop cut at 1 s, then the minimal window
        assertThat(GracePeriods.afterSigterm(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(GracePeriods.afterSigterm(1, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(GracePeriods.afterSigterm(10, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(2));
        // a probe's terminationGracePeriodSeconds of 0: no preStop, still 2 s
        assertThat(GracePeriods.preStopLimit(0)).isEqualTo(Duration.ZERO);
        assertThat(GracePeriods.afterSigterm(0, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(GracePeriods.preStopLimit(1)).isEqualTo(Duration.ofSeconds(1));
    }
}
