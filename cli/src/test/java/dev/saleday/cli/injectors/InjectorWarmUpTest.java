package dev.saleday.cli.injectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.plan.Traffic;
import dev.saleday.simulations.traffic.Shard;
import dev.saleday.simulations.traffic.TrafficModel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An injector pod's warm-up runs the plan's own traffic as the pod's shard, at the warm-up's rate for that shard
 * (the load itself, against the loopback stub, runs in cli's InjectorsEndToEndTest: every pod warms up there).
 */
class InjectorWarmUpTest {

    @Test
    void theWarmUpIsThePlansTrafficAsThePodsShardAtTheWarmUpsRate() throws Exception {
        Plan plan = PlanParser.parse(Path.of("..", "plans", "kubernetes.yaml"));
        InjectorWarmUp warmUp = new InjectorWarmUp(Duration.ofSeconds(4), 250);

        for (Shard shard : new Shard[] {new Shard(3, 10), new Shard(1, 2)}) {
            Traffic traffic = warmUp.traffic(plan.traffic(), shard);

            // the same requests' shapes and connections as the load: only the phases, the scale and N change
            assertThat(traffic.connections()).isEqualTo(plan.traffic().connections());
            assertThat(traffic.users()).isEqualTo(plan.traffic().users());
            assertThat(traffic.kMix()).isEqualTo(plan.traffic().kMix());
            assertThat(traffic.seed()).isEqualTo(plan.traffic().seed());
            assertThat(traffic.injectors()).isEqualTo(shard.count());
            assertThat(traffic.phases()).singleElement().satisfies(phase -> {
                assertThat(phase.duration()).isEqualTo(Duration.ofSeconds(4));
                assertThat(phase.isRamp()).isFalse();
            });
            // this shard's share of it: 4 s x 250 req/s, give or take the one request a share rounds
            long sent = TrafficModel.of(traffic).schedule().shardCountInPhase(shard, 0);
            assertThat(sent).as("shard %s", shard).isBetween(999L, 1001L);
        }
    }
}
