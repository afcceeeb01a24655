package dev.saleday.simulations.traffic;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Traffic;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IntendedSendsTest {

    private static ArrivalSchedule schedule(Phase... phases) {
        return TrafficModel.of(new Traffic(1, new Traffic.Users(Traffic.Users.Distribution.ZIPF, 1000, 1.1),
                List.of(new Traffic.KWeight(10, 1)), 1, Duration.ofSeconds(2), List.of(phases))).schedule();
    }

    @Test
    void aConstantPhaseSpreadsItsRequestsEvenlyFromItsStart() {
        ArrivalSchedule schedule = schedule(new Phase("warm", Duration.ofSeconds(2), 10, 10),
                new Phase("steady", Duration.ofSeconds(4), 50, 50));
        IntendedSends steady = IntendedSends.of(schedule, Shard.WHOLE, 1, 1000);
        assertThat(steady.count()).isEqualTo(200);
        assertThat(steady.offsetMillis(0)).isEqualTo(2000.0);
        assertThat(steady.offsetMillis(1)).isEqualTo(2020.0);
        assertThat(steady.offsetMillis(199)).isEqualTo(2000.0 + 199 * 20);
        assertThat(steady.offsetMillis(200)).as("past the last: the phase's end").isEqualTo(6000.0);
    }

    @Test
    void aRampSpreadsEachOneSecondSliceOverItself() {
        ArrivalSchedule schedule = schedule(new Phase("ramp", Duration.ofSeconds(3), 0, 30));
        IntendedSends ramp = IntendedSends.of(schedule, Shard.WHOLE, 0, 1000);
        List<ArrivalSchedule.Slice> slices = schedule.slices(Shard.WHOLE, 0, 1000);
        long first = slices.get(0).requests();
        long second = slices.get(1).requests();
        assertThat(ramp.count()).isEqualTo(45);
        assertThat(ramp.offsetMillis(0)).isEqualTo(0.0);
        assertThat(ramp.offsetMillis(first)).as("the second slice's first request").isEqualTo(1000.0);
        assertThat(ramp.offsetMillis(first + 1)).isCloseTo(1000.0 + 1000.0 / second, within(1e-9));
        assertThat(ramp.offsetMillis(first + second)).isEqualTo(2000.0);
    }
}
