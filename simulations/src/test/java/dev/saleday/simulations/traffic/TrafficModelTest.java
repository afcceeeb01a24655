package dev.saleday.simulations.traffic;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Traffic;
import dev.saleday.simulations.support.Plans;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrafficModelTest {

    private final Traffic saleDay = Plans.shortSaleDay();

    @Test
    void theSameSeedSendsTheSameUserSequence() {
        List<RequestSequence.Request> first = all(TrafficModel.of(saleDay).shardRequests(Shard.WHOLE));
        List<RequestSequence.Request> second = all(TrafficModel.of(Plans.shortSaleDay()).shardRequests(Shard.WHOLE));
        assertThat(first).hasSize(1225).isEqualTo(second);
        assertThat(first.stream().map(RequestSequence.Request::userId).distinct().count())
                .as("distinct users: a real draw, not a constant").isGreaterThan(200);
    }

    @Test
    void anotherSeedSendsAnotherSequence() {
        Traffic other = Plans.traffic(saleDay.scale(), 43, saleDay.phases());
        List<Long> users = all(TrafficModel.of(saleDay).shardRequests(Shard.WHOLE)).stream().map(RequestSequence.Request::userId).toList();
        List<Long> otherUsers = all(TrafficModel.of(other).shardRequests(Shard.WHOLE)).stream().map(RequestSequence.Request::userId).toList();
        assertThat(otherUsers).hasSameSizeAs(users).isNotEqualTo(users);
    }

    @Test
    void twoShardsTogetherSendExactlyTheUnshardedSequence() {
        TrafficModel model = TrafficModel.of(saleDay);
        List<RequestSequence.Request> whole = all(model.shardRequests(Shard.WHOLE));
        List<RequestSequence.Request> zero = all(model.shardRequests(Shard.parse("0/2")));
        List<RequestSequence.Request> one = all(model.shardRequests(Shard.parse("1/2")));
        List<RequestSequence.Request> merged = new ArrayList<>(zero);
        merged.addAll(one);
        merged.sort((a, b) -> Long.compare(a.globalIndex(), b.globalIndex()));
        assertThat(merged).isEqualTo(whole);
        assertThat(zero.size() - one.size()).isBetween(0, 1);
    }

    @Test
    void shardsSplitEverySecondAndEveryPhaseExactly() {
        TrafficModel model = TrafficModel.of(saleDay);
        ArrivalSchedule schedule = model.schedule();
        Shard a = new Shard(0, 3);
        Shard b = new Shard(1, 3);
        Shard c = new Shard(2, 3);
        for (long from = 0; from < schedule.totalMillis(); from += 1000) {
            long whole = schedule.shardCountBetween(Shard.WHOLE, from, from + 1000);
            long sum = schedule.shardCountBetween(a, from, from + 1000) + schedule.shardCountBetween(b, from, from + 1000)
                    + schedule.shardCountBetween(c, from, from + 1000);
            assertThat(sum).as("second starting at " + from).isEqualTo(whole);
        }
        for (int phase = 0; phase < saleDay.phases().size(); phase++) {
            List<RequestSequence.Request> phaseWhole = take(model.phaseRequests(Shard.WHOLE, phase), schedule.shardCountInPhase(Shard.WHOLE, phase));
            List<RequestSequence.Request> merged = new ArrayList<>();
            for (Shard shard : List.of(a, b, c)) {
                merged.addAll(take(model.phaseRequests(shard, phase), schedule.shardCountInPhase(shard, phase)));
            }
            merged.sort((x, y) -> Long.compare(x.globalIndex(), y.globalIndex()));
            assertThat(merged).as("phase " + phase).isEqualTo(phaseWhole);
        }
    }

    @Test
    void everyPhaseGetsItsPlannedCountAfterScale() {
        ArrivalSchedule schedule = TrafficModel.of(saleDay).schedule();
        assertThat(schedule.totalMillis()).isEqualTo(10_000);
        long[] expected = {150, 250, 600, 225};
        for (int i = 0; i < expected.length; i++) {
            assertThat(schedule.shardCountInPhase(Shard.WHOLE, i)).as(saleDay.phases().get(i).name()).isEqualTo(expected[i]);
        }
        // The ramp's slices grow with its rate: 50 -> 200 req/s over 2 s is 87.5 then 162.5 (rounded at j + 0.5).
        List<ArrivalSchedule.Slice> ramp = schedule.slices(Shard.WHOLE, 1, 1000);
        assertThat(ramp).extracting(ArrivalSchedule.Slice::requests).containsExactly(88L, 162L);
        assertThat(schedule.clock().rateRpsAt(4000)).isCloseTo(125, within(1e-9));
    }

    @Test
    void scaleAppliesToEveryRate() {
        Traffic tenth = Plans.traffic(0.001, 42, saleDay.phases());
        ArrivalSchedule schedule = TrafficModel.of(tenth).schedule();
        assertThat(schedule.shardCountInPhase(Shard.WHOLE, 0)).isEqualTo(30);
        assertThat(schedule.shardCountInPhase(Shard.WHOLE, 2)).isEqualTo(120);
    }

    @Test
    void kFollowsTheMix() {
        Map<Integer, Integer> counts = new TreeMap<>();
        Traffic long_ = Plans.traffic(1, 42, List.of(Plans.constant("p", 100, 1000)));
        all(TrafficModel.of(long_).shardRequests(Shard.WHOLE)).forEach(r -> counts.merge(r.k(), 1, Integer::sum));
        assertThat(counts.keySet()).containsExactly(10, 20, 50);
        assertThat(counts.get(10) / 100_000.0).isCloseTo(0.7, within(0.01));
        assertThat(counts.get(20) / 100_000.0).isCloseTo(0.2, within(0.01));
        assertThat(counts.get(50) / 100_000.0).isCloseTo(0.1, within(0.01));
    }

    @Test
    void uniformUsersCoverTheirRange() {
        Traffic uniform = new Traffic(1, new Traffic.Users(Traffic.Users.Distribution.UNIFORM, 10, 0), saleDay.kMix(), 1,
                null, List.of(new Phase("p", java.time.Duration.ofSeconds(10), 100, 100)));
        assertThat(all(TrafficModel.of(uniform).shardRequests(Shard.WHOLE)).stream().map(RequestSequence.Request::userId).distinct())
                .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void theRequestBodyIsWhatTheModelReads() {
        assertThat(new RequestSequence.Request(3, 17, 20).body()).isEqualTo("{\"userId\":17,\"k\":20}");
    }

    private static List<RequestSequence.Request> all(Iterator<RequestSequence.Request> requests) {
        List<RequestSequence.Request> list = new ArrayList<>();
        requests.forEachRemaining(list::add);
        return list;
    }

    private static List<RequestSequence.Request> take(Iterator<RequestSequence.Request> requests, long n) {
        List<RequestSequence.Request> list = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            list.add(requests.next());
        }
        return list;
    }
}
