package dev.saleday.reports.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Phase;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.Traffic;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InjectionLagTest {

    /** 100 requests a second, for 30 s. */
    static final PlanSchedule STEADY_100 = schedule(new Phase("steady", Duration.ofSeconds(30), 100, 100));

    static PlanSchedule schedule(Phase... phases) {
        return PlanSchedule.of(new Traffic(1, new Traffic.Users(Traffic.Users.Distribution.UNIFORM, 10, 1),
                List.of(new Traffic.KWeight(1, 1)), 1, Duration.ofSeconds(1), List.of(phases)));
    }

    static long[] each(int seconds, long count) {
        long[] started = new long[seconds];
        Arrays.fill(started, count);
        return started;
    }

    @Test
    void anInjectorOnScheduleHasNoLag() {
        InjectionLag.Result lag = InjectionLag.of(each(30, 100), STEADY_100, 1);
        assertThat(lag.lagMillis()).isZero();
        assertThat(lag.atMs()).isEqualTo(-1);
    }

    @Test
    void aStallThenABurstIsLagEvenWithTheRightTotal() {
        long[] started = each(30, 100);
        Arrays.fill(started, 10, 20, 0);   // stalled 10 s ...
        Arrays.fill(started, 20, 30, 200); // ... then sent what it owed
        assertThat(Arrays.stream(started).sum()).isEqualTo(3000);
        InjectionLag.Result lag = InjectionLag.of(started, STEADY_100, 1);
        assertThat(lag.lagMillis()).isEqualTo(10_000);
        assertThat(lag.atMs()).isEqualTo(20_000);
    }

    @Test
    void requestsNeverSentAreAShortfallNotLag() {
        InjectionLag.Result lag = InjectionLag.of(each(30, 90), STEADY_100, 1);
        assertThat(lag.lagMillis()).isZero();
    }

    @Test
    void aBoundaryJitterOfAFewRequestsIsAFewMilliseconds() {
        long[] started = each(30, 100);
        started[5] = 97;
        started[6] = 103;
        assertThat(InjectionLag.of(started, STEADY_100, 1).lagMillis()).isEqualTo(30);
    }

    @Test
    void lagIsMeasuredAgainstTheRateThePlanAskedForThen() {
        // 10/s for 10 s then 1000/s: owing the first 500 of the fast phase is half a second behind, not 50
        PlanSchedule ramp = schedule(new Phase("slow", Duration.ofSeconds(10), 10, 10),
                new Phase("fast", Duration.ofSeconds(10), 1000, 1000));
        long[] started = new long[20];
        Arrays.fill(started, 0, 10, 10);
        started[10] = 500;
        Arrays.fill(started, 11, 20, 1000);
        started[11] = 1500;
        InjectionLag.Result lag = InjectionLag.of(started, ramp, 1);
        assertThat(lag.lagMillis()).isEqualTo(500);
        assertThat(lag.atMs()).isEqualTo(11_000);
    }

    @Test
    void secondsAfterThePlannedLoadAreIgnored() {
        long[] started = each(35, 100);
        Arrays.fill(started, 30, 35, 0);
        assertThat(InjectionLag.of(started, STEADY_100, 1).lagMillis()).isZero();
    }
}
