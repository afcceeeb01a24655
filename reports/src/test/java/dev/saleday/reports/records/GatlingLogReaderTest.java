package dev.saleday.reports.records;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saleday.records.GatlingLogHeader;
import dev.saleday.records.GatlingLogReader;
import dev.saleday.records.GatlingLogSummary;
import dev.saleday.records.GatlingLogVisitor;
import dev.saleday.records.GatlingLogWriter;
import dev.saleday.records.RecordException;
import dev.saleday.reports.analysis.FailureKind;
import dev.saleday.reports.testing.GatlingRun;
import dev.saleday.reports.testing.LatencyServer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatlingLogReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsBackExactlyWhatARealGatlingRunDid() throws Exception {
        try (LatencyServer server = new LatencyServer(n -> 2, n -> n % 7 == 3 ? 503 : 200)) {
            // a timeout far above any answer time: client and server must agree on every request, busy machine or not
            Path log = GatlingRun.run(server.url(), 50, 2000, 60_000, dir.resolve("gatling"));
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

    /**
     * A real log of Gatling 3.15.1 (60 requests against a loopback server on a busy machine: answers, 503s and
     * timeouts), checked in. Its counts are Gatling's own console summary of that run (60 requests, 32 OK, 28 KO,
     * of which 5 "found 503"); its percentiles are pinned as HdrHistogram gives them.
     */
    @Test
    void readsTheGoldenLogOfGatling3151Exactly() throws Exception {
        Path golden = golden();
        Map<Integer, String> strings = new HashMap<>();
        Map<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
        Histogram all = new Histogram(1, 3_600_000, 3);
        AtomicLong oks = new AtomicLong();
        GatlingLogSummary summary = GatlingLogReader.read(golden, new GatlingLogVisitor() {
            @Override
            public void string(int index, String value) {
                strings.put(index, value);
            }

            @Override
            public void request(int nameIndex, long startMs, long endMs, boolean ok, int messageIndex) {
                assertThat(strings.get(nameIndex)).isEqualTo("predict");
                all.recordValue(endMs - startMs);
                if (ok) {
                    oks.incrementAndGet();
                } else {
                    failures.merge(FailureKind.ofGatlingMessage(strings.get(messageIndex)), 1L, Long::sum);
                }
            }
        });
        assertThat(summary.complete()).isTrue();
        assertThat(summary.requests()).isEqualTo(60);
        assertThat(summary.bytesRead()).isEqualTo(Files.size(golden)).isEqualTo(2726);
        assertThat(summary.header()).isEqualTo(new GatlingLogHeader("3.15.1",
                "dev.saleday.reports.testing.OpenLoadSimulation", 1795878051403L, "", List.of("open")));
        assertThat(oks.get()).isEqualTo(32);
        assertThat(failures).containsOnly(Map.entry(FailureKind.TIMEOUT, 23L), Map.entry(FailureKind.HTTP_ERROR, 5L));
        assertThat(all.getMinValue()).isEqualTo(1381);
        assertThat(all.getValueAtPercentile(50)).isEqualTo(2059);
        assertThat(all.getMaxValue()).isEqualTo(2323);
        assertThat(GatlingLogReader.firstEventMs(golden)).isLessThanOrEqualTo(1795878054748L);
    }

    @Test
    void aTruncatedLogIsReadUpToItsLastWholeRecord() throws Exception {
        byte[] whole = Files.readAllBytes(golden());
        long[] requestsAtCut = new long[2];
        for (int cut : new int[] {whole.length - 3, whole.length - 200}) {
            Path truncated = dir.resolve("cut-" + cut + ".log");
            Files.write(truncated, Arrays.copyOf(whole, cut));
            GatlingLogSummary summary = GatlingLogReader.read(truncated, (n, s, e, ok, m) -> { });
            assertThat(summary.complete()).isFalse();
            assertThat(summary.bytesRead()).isLessThanOrEqualTo(cut).isGreaterThan(cut - 120);
            requestsAtCut[cut == whole.length - 3 ? 0 : 1] = summary.requests();
        }
        assertThat(requestsAtCut[0]).isEqualTo(60); // the file ends with user records: the cut one is one of them
        assertThat(requestsAtCut[1]).isBetween(40L, 58L);
    }

    @Test
    void aLogOfAnotherGatlingVersionIsRefusedWithAClearMessage() throws Exception {
        Path other = dir.resolve("other.log");
        try (GatlingLogWriter writer = GatlingLogWriter.create(other, "3.14.3", "Sim", 1000L, List.of("s"))) {
            writer.request("predict", 1001, 1010, true, "");
        }
        assertThatThrownBy(() -> GatlingLogReader.read(other, (n, s, e, ok, m) -> { }))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("other.log:byte 1")
                .hasMessageContaining("written by Gatling 3.14.3")
                .hasMessageContaining("Gatling 3.15.1 only");
    }

    @Test
    void aTextLogOfOldGatlingIsRefusedWithAClearMessage() throws Exception {
        Path text = dir.resolve("simulation.log");
        Files.writeString(text, "RUN\tcom.example.Sim\tsim\t1700000000000\t \t3.9.5\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GatlingLogReader.read(text, (n, s, e, ok, m) -> { }))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("not a binary Gatling simulation.log")
                .hasMessageContaining("Gatling 3.11 or older");
    }

    @Test
    void aCorruptRecordIsAnErrorNotTheEnd() throws Exception {
        byte[] whole = Files.readAllBytes(golden());
        Path corrupt = dir.resolve("corrupt.log");
        byte[] bytes = Arrays.copyOf(whole, whole.length + 1);
        bytes[whole.length] = 9;
        Files.write(corrupt, bytes);
        assertThatThrownBy(() -> GatlingLogReader.read(corrupt, (n, s, e, ok, m) -> { }))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("byte " + whole.length)
                .hasMessageContaining("unknown record type 9");
    }

    private static Path golden() throws URISyntaxException {
        return Path.of(GatlingLogReaderTest.class.getResource("/golden/simulation-3.15.1.log").toURI());
    }
}
