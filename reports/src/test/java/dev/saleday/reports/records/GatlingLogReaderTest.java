package dev.saleday.reports.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.reports.testing.GatlingRun;
import dev.saleday.reports.testing.LatencyServer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatlingLogReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsBackExactlyWhatARealGatlingRunDid() throws Exception {
        try (LatencyServer server = new LatencyServer(n -> 2, n -> n % 7 == 3 ? 503 : 200)) {
            Path log = GatlingRun.run(server.url(), 50, 2000, 2000, dir.resolve("gatling"));
            AtomicLong requests = new AtomicLong();
            AtomicLong oks = new AtomicLong();
            GatlingLogSummary summary = GatlingLogReader.read(log, (name, start, end, ok, message) -> {
                requests.incrementAndGet();
                if (ok) {
                    oks.incrementAndGet();
                }
            });
            assertThat(summary.complete()).isTrue();
            assertThat(summary.header().gatlingVersion()).isEqualTo("3.15.1");
            assertThat(summary.header().simulationClass()).endsWith("OpenLoadSimulation");
            assertThat(requests.get()).isEqualTo(server.requests()).isEqualTo(100);
            assertThat(oks.get()).isEqualTo(server.oks());
            assertThat(requests.get() - oks.get()).isEqualTo(100 - server.oks()).isPositive();
        }
    }
}
