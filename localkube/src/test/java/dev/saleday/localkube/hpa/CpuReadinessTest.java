package dev.saleday.localkube.hpa;

import dev.saleday.localkube.controllers.hpa.CpuReadiness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** replica_calculator.go groupPods for CPU: which samples are set aside as unready. */
class CpuReadinessTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(15);

    private static boolean unready(Duration startedAgo, Boolean ready, Duration transitionAgo) {
        return CpuReadiness.unready(NOW.minus(startedAgo), ready, NOW.minus(transitionAgo), NOW, WINDOW, NOW);
    }

    @Test
    void inItsFirstFiveMinutesAPodCountsOnceReadyForAWholeMetricsWindow() {
        assertThat(unready(Duration.ofMinutes(1), false, Duration.ofSeconds(50))).isTrue();
        assertThat(unready(Duration.ofMinutes(1), true, Duration.ofSeconds(10))).as("window includes start-up").isTrue();
        assertThat(unready(Duration.ofMinutes(1), true, Duration.ofSeconds(15))).isFalse();
    }

    @Test
    void afterFiveMinutesOnlyAPodNeverReadySinceItsFirstThirtySecondsIsSetAside() {
        // ready once, unready now (its Ready turned False 8 minutes after start): Kubernetes counts its CPU
        assertThat(unready(Duration.ofMinutes(10), false, Duration.ofMinutes(2))).isFalse();
        // unready since 10 s after start: it has never been ready
        assertThat(unready(Duration.ofMinutes(10), false, Duration.ofSeconds(590))).isTrue();
        assertThat(unready(Duration.ofMinutes(10), true, Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void noReadyConditionOrStartTimeIsUnready() {
        assertThat(CpuReadiness.unready(null, true, NOW, NOW, WINDOW, NOW)).isTrue();
        assertThat(CpuReadiness.unready(NOW.minusSeconds(600), null, null, NOW, WINDOW, NOW)).isTrue();
    }
}
