package dev.saleday.simulations.traffic;

import dev.saleday.plan.Traffic;
import dev.saleday.simulations.support.Plans;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * N injectors drive one plan: for plans with ramps and constant phases and N in 1..8, the shards' requests are
 * disjoint and their union is the single injector's schedule, request for request (same global index, user and k)
 * and second for second, within every phase and every ramp slice.
 */
class ShardUnionTest {

    static Stream<Arguments> plansAndInjectorCounts() {
        List<Traffic> plans = List.of(
                Plans.shortSaleDay(),
                // odd rates, a ramp from zero and one down to zero
                Plans.traffic(1, 7, List.of(
                        Plans.ramp("warm", 3, 0, 37),
                        Plans.constant("steady", 2, 13.3),
                        Plans.ramp("cool", 4, 29, 0))),
                Plans.traffic(0.01, 11, List.of(
                        Plans.constant("a", 1, 730),
                        Plans.ramp("b", 5, 730, 4_150),
                        Plans.constant("c", 3, 4_150))));
        return plans.stream().flatMap(p -> IntStream.rangeClosed(1, 8).mapToObj(n -> Arguments.of(p, n)));
    }

    @ParameterizedTest(name = "{1} injectors, plan {index}")
    @MethodSource("plansAndInjectorCounts")
    void shardsAreDisjointAndTheirUnionIsTheSingleInjectorSchedule(Traffic traffic, int injectors) {
        TrafficModel model = TrafficModel.of(traffic);
        ArrivalSchedule schedule = model.schedule();
        List<Shard> shards = IntStream.range(0, injectors).mapToObj(i -> new Shard(i, injectors)).toList();

        List<RequestSequence.Request> whole = all(model.shardRequests(Shard.WHOLE));
        assertThat(whole).isNotEmpty();
        List<RequestSequence.Request> union = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Shard shard : shards) {
            for (RequestSequence.Request request : all(model.shardRequests(shard))) {
                assertThat(seen.add(request.globalIndex())).as("request %d sent by two shards", request.globalIndex())
                        .isTrue();
                union.add(request);
            }
        }
        union.sort((a, b) -> Long.compare(a.globalIndex(), b.globalIndex()));
        assertThat(union).isEqualTo(whole);

        for (int phase = 0; phase < schedule.phases().size(); phase++) {
            long wholeInPhase = schedule.shardCountInPhase(Shard.WHOLE, phase);
            List<RequestSequence.Request> phaseWhole = take(model.phaseRequests(Shard.WHOLE, phase), wholeInPhase);
            List<RequestSequence.Request> phaseUnion = new ArrayList<>();
            List<ArrivalSchedule.Slice> wholeSlices = schedule.slices(Shard.WHOLE, phase, 1000);
            long[] slicesSummed = new long[wholeSlices.size()];
            for (Shard shard : shards) {
                phaseUnion.addAll(take(model.phaseRequests(shard, phase), schedule.shardCountInPhase(shard, phase)));
                List<ArrivalSchedule.Slice> slices = schedule.slices(shard, phase, 1000);
                for (int s = 0; s < slices.size(); s++) {
                    assertThat(slices.get(s).durationMillis()).isEqualTo(wholeSlices.get(s).durationMillis());
                    slicesSummed[s] += slices.get(s).requests();
                }
                // each shard's intended send times cover exactly its count: none owed beyond the phase
                assertThat(IntendedSends.of(schedule, shard, phase, 1000).count())
                        .isEqualTo(schedule.shardCountInPhase(shard, phase));
            }
            phaseUnion.sort((a, b) -> Long.compare(a.globalIndex(), b.globalIndex()));
            assertThat(phaseUnion).as("phase %d", phase).isEqualTo(phaseWhole);
            assertThat(slicesSummed).as("phase %d, second by second", phase)
                    .containsExactly(wholeSlices.stream().mapToLong(ArrivalSchedule.Slice::requests).toArray());
        }
        // shares differ by at most one request
        long[] sizes = shards.stream().mapToLong(s -> s.countAmongFirst(whole.size())).toArray();
        assertThat(Stream.of(sizes).flatMapToLong(java.util.Arrays::stream).max().orElse(0)
                - Stream.of(sizes).flatMapToLong(java.util.Arrays::stream).min().orElse(0)).isBetween(0L, 1L);
    }

    private static List<RequestSequence.Request> all(Iterator<RequestSequence.Request> requests) {
        List<RequestSequence.Request> list = new ArrayList<>();
        requests.forEachRemaining(list::add);
        return list;
    }

    private static List<RequestSequence.Request> take(Iterator<RequestSequence.Request> requests, long count) {
        List<RequestSequence.Request> list = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            list.add(requests.next());
        }
        return list;
    }
}
