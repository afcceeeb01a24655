package dev.saleday.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.records.TimelineWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Gaps in the recorder's watching, polled by hand: a blip is no gap, a lasting one opens and closes once. */
class WatchGapsTest {

    @Test
    void aWatchDownForTwoPollsOpensAGapThatClosesWhenEveryWatchIsUpAgain(@TempDir Path dir) throws Exception {
        AtomicBoolean pods = new AtomicBoolean(true);
        AtomicBoolean events = new AtomicBoolean(true);
        TimelineWriter timeline = TimelineWriter.open(dir, "shop");
        WatchGaps gaps = new WatchGaps(Map.of("pods", pods::get, "events", events::get), timeline);
        pods.set(false);
        gaps.poll(); // one poll down: a watch reconnecting, not a gap yet
        pods.set(true);
        gaps.poll();
        pods.set(false);
        events.set(false);
        gaps.poll();
        gaps.poll(); // two in a row: the gap opens
        gaps.poll();
        pods.set(true);
        gaps.poll(); // events still down
        events.set(true);
        gaps.poll(); // every watch up: the gap closes
        gaps.poll();
        timeline.close();

        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve("timeline.jsonl"))) {
            JsonNode node = json.readTree(line);
            if ("gap".equals(node.path("kind").asText())) {
                lines.add(node);
            }
        }
        assertThat(lines).extracting(l -> l.path("event").asText()).containsExactly("start", "end");
        assertThat(lines.get(0).path("watches")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("pods", "events");
        assertThat(lines.get(1).path("durationMillis").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(lines.get(1).path("t").asLong()).isGreaterThanOrEqualTo(lines.get(0).path("t").asLong());
    }
}
