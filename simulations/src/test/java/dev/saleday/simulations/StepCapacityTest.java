package dev.saleday.simulations;

import dev.saleday.plan.Traffic;
import dev.saleday.simulations.support.Plans;
import dev.saleday.simulations.support.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The capacity search stops at the first step over its bounds and names the knee. */
class StepCapacityTest {

    @TempDir
    Path runDir;

    @Test
    void stopsAtTheFirstStepWhoseErrorRateBreaksTheBound() throws IOException {
        try (TestTarget target = TestTarget.start()) {
            // The target fails everything after its 200th request: inside step 3 (requests 181..420). Loose latency
            // and error bounds: on a starved machine slow answers and a few timeouts must not move the knee.
            target.failWhen(n -> n > 200);
            Traffic steps = Plans.traffic(1, 42, StepCapacitySimulation.phases(20, 20, 4, Duration.ofSeconds(3)));
            LoadSettings settings = LoadSettings.of(steps, target.url(), runDir)
                    .withCapacitySearch(new LoadSettings.CapacityBounds(Duration.ofSeconds(30), 0.3));

            LoadResult result = LoadRun.run(settings);

            LoadResult.Knee knee = result.knee().orElseThrow();
            assertThat(knee.step()).isEqualTo("step-03-60rps");
            assertThat(knee.stepRateRps()).isEqualTo(60);
            assertThat(knee.lastSustainedRateRps()).isEqualTo(40);
            assertThat(knee.errorRate()).isGreaterThan(0.5);
            PhaseCounts last = result.phase("step-04-80rps").orElseThrow();
            assertThat(last.sent()).as("the last step was cut short at the knee").isLessThan(last.planned());
            List<String> capacity = Files.readAllLines(runDir.resolve("capacity.jsonl"));
            assertThat(capacity.get(0)).contains("\"format\":\"saleday.capacity\"");
            assertThat(capacity).anySatisfy(line -> assertThat(line).contains("\"kind\":\"knee\"", "step-03-60rps"));
        }
    }
}
