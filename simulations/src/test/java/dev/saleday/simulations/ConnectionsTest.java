package dev.saleday.simulations;

import dev.saleday.plan.Traffic;
import dev.saleday.simulations.support.CuttingTarget;
import dev.saleday.simulations.support.Plans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load against a target that shows the wire: a request that the target cut counts as failed and reaches the
 * target once (Gatling would re-send it on a pooled connection), and {@code traffic.connections} decides how many
 * connections carry the load.
 */
class ConnectionsTest {

    private static final int REQUESTS = 100;

    @TempDir
    Path runDir;

    @ParameterizedTest
    @EnumSource(Traffic.Connections.class)
    void aRequestCutByItsConnectionCountsAsFailedAndReachesTheTargetOnce(Traffic.Connections connections)
            throws IOException {
        try (CuttingTarget target = CuttingTarget.start(n -> n % 10 == 0)) {
            LoadResult result = LoadRun.run(LoadSettings.of(fiftyPerSecondForTwoSeconds(connections), target.url(),
                    runDir));

            PhaseCounts only = result.phase("only").orElseThrow();
            assertThat(only.sent()).isEqualTo(REQUESTS);
            assertThat(target.unframedBodies()).as("bodies sent with a Content-Length").isZero();
            assertThat(target.predictions()).as("requests the target read: each once, none re-sent")
                    .isEqualTo(REQUESTS);
            assertThat(only.ok()).isEqualTo(target.answered());
            assertThat(only.failed()).as("every cut request is a failure").isEqualTo(REQUESTS - target.answered())
                    .isEqualTo(REQUESTS / 10);
        }
    }

    @Test
    void perUserOpensAConnectionPerArrivalAndSharedReusesAFew() throws IOException {
        try (CuttingTarget perUser = CuttingTarget.start(n -> false)) {
            LoadRun.run(LoadSettings.of(fiftyPerSecondForTwoSeconds(Traffic.Connections.PER_USER), perUser.url(),
                    runDir.resolve("per-user")));
            assertThat(perUser.answered()).isEqualTo(REQUESTS);
            assertThat(perUser.connectionsWithPredictions()).isEqualTo(REQUESTS);
        }
        try (CuttingTarget shared = CuttingTarget.start(n -> false)) {
            LoadRun.run(LoadSettings.of(fiftyPerSecondForTwoSeconds(Traffic.Connections.SHARED), shared.url(),
                    runDir.resolve("shared")));
            assertThat(shared.answered()).isEqualTo(REQUESTS);
            // 50 req/s answered at once need one or two connections at a time; a pool reuses them
            assertThat(shared.connectionsWithPredictions()).isLessThanOrEqualTo(REQUESTS / 10);
        }
    }

    private static Traffic fiftyPerSecondForTwoSeconds(Traffic.Connections connections) {
        return Plans.traffic(1, 7, List.of(Plans.constant("only", 2, REQUESTS / 2.0))).withConnections(connections);
    }
}
