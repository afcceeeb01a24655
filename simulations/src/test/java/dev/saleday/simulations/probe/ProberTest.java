package dev.saleday.simulations.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.simulations.support.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ProberTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runDir;

    @Test
    void keepsItsRateWhileTheTargetStallsForTwoSeconds() throws IOException {
        Duration timeout = Duration.ofMillis(1000);
        long stallStartMs;
        long stallEndMs;
        ProbeWindow.Stats duringStall;
        try (TestTarget target = TestTarget.start()) {
            Prober prober = Prober.start(ProberSettings.of(target.url(), runDir).withRateRps(20).withTimeout(timeout));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> prober.recorded() >= 20);
                stallStartMs = System.currentTimeMillis();
                stallEndMs = stallStartMs + 2000;
                target.stallUntil(stallEndMs);
                await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() >= stallEndMs + 1500);
                duringStall = prober.window().last(Duration.ofSeconds(3));
            } finally {
                prober.close();
            }
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("probe.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        JsonNode header = lines.get(0);
        assertThat(header.get("format").asText()).isEqualTo("saleday.probe");
        assertThat(header.get("version").asInt()).isEqualTo(1);
        assertThat(header.get("rateRps").asDouble()).isEqualTo(20);
        assertThat(header.get("timeoutMs").asLong()).isEqualTo(1000);
        assertThat(header.get("url").asText()).endsWith("/predict");

        List<JsonNode> probes = new ArrayList<>(lines.subList(1, lines.size()));
        probes.sort(Comparator.comparingLong(n -> n.get("t").asLong()));
        // Every tick is there, 50 ms apart, stall or not: the schedule never waited on an answer.
        for (int i = 1; i < probes.size(); i++) {
            assertThat(probes.get(i).get("t").asLong() - probes.get(i - 1).get("t").asLong()).isBetween(49L, 51L);
        }
        List<JsonNode> inStall = probes.stream()
                .filter(n -> n.get("t").asLong() >= stallStartMs && n.get("t").asLong() < stallEndMs).toList();
        assertThat(inStall).hasSizeBetween(39, 41);
        List<Long> lagMs = inStall.stream().map(n -> n.get("sentAtMs").asLong() - n.get("t").asLong()).sorted().toList();
        assertThat(lagMs.get(lagMs.size() / 2)).as("median send lag during the stall").isLessThanOrEqualTo(20L);
        assertThat(lagMs.get(lagMs.size() - 1)).as("worst send lag during the stall (a waiting prober lags >= 1 s)")
                .isLessThan(500L);

        // Probes due in the first second of the stall cannot be answered within their 1 s timeout.
        List<JsonNode> mustTimeOut = inStall.stream().filter(n -> n.get("t").asLong() < stallEndMs - 1100).toList();
        assertThat(mustTimeOut).isNotEmpty().allSatisfy(n -> {
            assertThat(n.get("outcome").asText()).isEqualTo("timeout");
            assertThat(n.get("status").asInt()).isZero();
            assertThat(n.get("latencyMs").asDouble()).isBetween(1000.0, 1600.0);
        });
        // Every probe ended within its bound, and each was recorded once.
        assertThat(probes).allSatisfy(n -> assertThat(n.get("latencyMs").asDouble()).isLessThan(1600.0));
        assertThat(probes.stream().map(n -> n.get("t").asLong()).distinct().count()).isEqualTo(probes.size());
        // Before the stall: good answers carrying the model's headers.
        JsonNode first = probes.stream().filter(n -> n.get("t").asLong() < stallStartMs)
                .filter(n -> n.get("outcome").asText().equals("ok")).findFirst().orElseThrow();
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("version").asText()).isEqualTo("test-v1");
        assertThat(first.get("pod").asText()).isEqualTo("test-pod");
        // The live window saw the stall.
        assertThat(duringStall.failed()).isGreaterThanOrEqualTo(15);
        assertThat(duringStall.errorRate()).isGreaterThan(0.2);
        assertThat(duringStall.p99Millis()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void recordsAConnectionRefusedAsAConnectError() throws IOException {
        java.net.URI closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        Prober prober = Prober.start(ProberSettings.of(closedPort, runDir).withRateRps(50));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> prober.recorded() >= 5);
        } finally {
            prober.close();
        }
        List<String> lines = Files.readAllLines(runDir.resolve("probe.jsonl"));
        assertThat(lines.subList(1, lines.size())).isNotEmpty()
                .allSatisfy(line -> assertThat(JSON.readTree(line).get("outcome").asText()).isEqualTo("connect_error"));
        assertThat(prober.window().last(Duration.ofSeconds(10)).errorRate()).isEqualTo(1.0);
    }

    @Test
    void refusesARateThatWouldBeLoad() {
        assertThatThrownBy(() -> ProberSettings.of(java.net.URI.create("http://127.0.0.1:1"), runDir).withRateRps(0))
                .hasMessageContaining("probe rate must be > 0");
        assertThatThrownBy(() -> ProberSettings.of(java.net.URI.create("http://127.0.0.1:1"), runDir).withRateRps(5000))
                .hasMessageContaining("<= 1000.0 req/s");
    }
}
