package dev.saleday.simulations.traffic;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Traffic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class InvalidTrafficTest {

    private static final Traffic.Users USERS = new Traffic.Users(Traffic.Users.Distribution.ZIPF, 1000, 1.1);
    private static final List<Traffic.KWeight> K = List.of(new Traffic.KWeight(10, 1));
    private static final Phase OK = new Phase("baseline", Duration.ofSeconds(10), 100, 100);

    @Test
    void reportsEveryProblemAtOnceNamingTheFieldAndTheRule() {
        Traffic bad = new Traffic(0, new Traffic.Users(Traffic.Users.Distribution.ZIPF, 0, -1),
                List.of(new Traffic.KWeight(0, -1)), 1, Duration.ZERO,
                List.of(OK, new Phase("baseline", Duration.ZERO, -5, Double.NaN)));
        InvalidTrafficException e = catchThrowableOfType(() -> TrafficModel.of(bad), InvalidTrafficException.class);
        assertThat(e.problems()).containsExactly(
                "traffic.scale: must be > 0 and finite, got 0.0",
                "traffic.users.count: must be >= 1, got 0",
                "traffic.users.exponent: must be > 0 and finite for zipf, got -1.0",
                "traffic.kMix[0].k: must be >= 1, got 0",
                "traffic.kMix[0].weight: must be >= 0 and finite, got -1.0",
                "traffic.kMix: weights must sum to more than 0, got 0.0",
                "traffic.requestTimeout: must be > 0, got PT0S",
                "traffic.phases[1].name: must be unique, 'baseline' is used twice",
                "traffic.phases[1].duration: must be at least 1ms, got PT0S",
                "traffic.phases[1].rate: must be >= 0 req/s and finite, got -5.0",
                "traffic.phases[1].rampTo: must be >= 0 req/s and finite, got NaN");
        assertThat(e).hasMessageStartingWith("invalid traffic:\n  traffic.scale");
    }

    @Test
    void refusesNoPhasesAndAnEmptyMix() {
        Traffic empty = new Traffic(1, USERS, List.of(), 1, null, List.of());
        assertThatThrownBy(() -> TrafficModel.of(empty))
                .isInstanceOf(InvalidTrafficException.class)
                .hasMessageContaining("traffic.kMix: must name at least one k")
                .hasMessageContaining("traffic.phases: must hold at least one phase");
        assertThatThrownBy(() -> TrafficModel.of(null)).hasMessageContaining("traffic: missing");
    }

    @Test
    void acceptsAValidSection() {
        assertThat(TrafficModel.of(new Traffic(0.5, USERS, K, 1, Duration.ofSeconds(1), List.of(OK))).schedule().totalMillis())
                .isEqualTo(10_000);
    }

    @Test
    void shardsAreWrittenIOverN() {
        assertThat(Shard.parse(" 1/3 ")).isEqualTo(new Shard(1, 3));
        assertThatThrownBy(() -> Shard.parse("2/2")).hasMessage("shard index must be in 0..1, got 2");
        assertThatThrownBy(() -> Shard.parse("0/0")).hasMessage("shard count must be >= 1, got 0");
        assertThatThrownBy(() -> Shard.parse("half")).hasMessage("shard must be written i/n (e.g. 0/2), got 'half'");
        assertThatThrownBy(() -> Shard.parse("a/b")).hasMessageContaining("whole numbers");
    }
}
