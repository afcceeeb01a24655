package dev.saleday.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden simulation.log was written by Gatling 3.15.1 itself (8 requests at 4 req/s against a local server
 * answering 503 to its fifth request); the reader gives back exactly what Gatling wrote.
 */
class GatlingLogGoldenTest {

    private static final String GOLDEN = "simulation-gatling-3.15.1.log";
    private static final long RUN_START_MS = 1796560124265L;

    record Request(String name, long startMs, long endMs, boolean ok, String message) {
    }

    @TempDir
    Path dir;

    @Test
    void readsEveryRecordGatlingWrote() {
        Map<Integer, String> strings = new HashMap<>();
        List<Request> requests = new ArrayList<>();
        int[] users = new int[2];
        GatlingLogSummary summary = GatlingLogReader.read(Golden.file(GOLDEN), new GatlingLogVisitor() {
            @Override
            public void string(int index, String value) {
                strings.put(index, value);
            }

            @Override
            public void request(int nameIndex, long startMs, long endMs, boolean ok, int messageIndex) {
                requests.add(new Request(strings.get(nameIndex), startMs, endMs, ok, strings.get(messageIndex)));
            }

            @Override
            public void user(int scenarioIndex, boolean start, long tMs) {
                users[start ? 0 : 1]++;
            }
        });
        assertThat(summary.header()).isEqualTo(new GatlingLogHeader("3.15.1",
                "dev.saleday.reports.testing.OpenLoadSimulation", RUN_START_MS, "", List.of("open")));
        assertThat(summary.complete()).isTrue();
        assertThat(summary.requests()).isEqualTo(8);
        assertThat(summary.bytesRead()).isEqualTo(479);
        assertThat(users).containsExactly(8, 8);
        assertThat(requests).containsExactly(
                new Request("predict", 1796560124842L, 1796560125314L, true, ""),
                new Request("predict", 1796560125034L, 1796560125321L, true, ""),
                new Request("predict", 1796560125273L, 1796560125402L, true, ""),
                new Request("predict", 1796560125526L, 1796560125563L, true, ""),
                new Request("predict", 1796560125777L, 1796560125783L, false, "status.find.is(200), found 503"),
                new Request("predict", 1796560126026L, 1796560126032L, true, ""),
                new Request("predict", 1796560126277L, 1796560126282L, true, ""),
                new Request("predict", 1796560126527L, 1796560126549L, true, ""));
        assertThat(GatlingLogReader.readHeader(Golden.file(GOLDEN))).isEqualTo(summary.header());
        assertThat(GatlingLogReader.firstEventMs(Golden.file(GOLDEN))).isEqualTo(1796560124789L);
    }

    @Test
    void aLogCutInsideARecordReadsUpToItsLastWholeRecord() throws Exception {
        byte[] whole = Files.readAllBytes(Golden.file(GOLDEN));
        Path cut = dir.resolve("simulation.log");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 3));
        long[] requests = {0};
        GatlingLogSummary summary = GatlingLogReader.read(cut, (name, start, end, ok, message) -> requests[0]++);
        assertThat(summary.complete()).isFalse();
        assertThat(summary.requests()).isEqualTo(8).isEqualTo(requests[0]);
        assertThat(summary.bytesRead()).isLessThan(whole.length - 3);
    }
}
