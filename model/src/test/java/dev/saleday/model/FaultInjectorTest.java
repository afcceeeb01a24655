package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void error_rate_is_met_and_repeatable() {
        FaultInjector first = new FaultInjector(0, 0.2, 7);
        FaultInjector second = new FaultInjector(0, 0.2, 7);
        int failures = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean fails = first.nextFails();
            assertThat(second.nextFails()).isEqualTo(fails);
            failures += fails ? 1 : 0;
        }
        assertThat(failures / 20_000.0).isBetween(0.18, 0.22);
    }

    @Test
    void zero_and_one_are_exact() {
        FaultInjector never = new FaultInjector(0, 0, 1);
        FaultInjector always = new FaultInjector(0, 1, 1);
        for (int i = 0; i < 1_000; i++) {
            assertThat(never.nextFails()).isFalse();
            assertThat(always.nextFails()).isTrue();
        }
    }
}
