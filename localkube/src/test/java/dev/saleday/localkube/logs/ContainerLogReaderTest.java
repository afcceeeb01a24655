package dev.saleday.localkube.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet's reading of a CRI log: tail in entries, then since, then the byte limit; times printed fixed-width. */
class ContainerLogReaderTest {

    private static final String LOG = """
            2026-12-07T00:00:01.5Z stdout F first
            2026-12-07T00:00:02.000000001Z stderr F second
            not a CRI line
            2026-12-07T01:00:03.25+01:00 stdout P third,\s
            2026-12-07T00:00:03.500000000Z stdout F continued
            2026-12-07T00:00:04.000000000Z stdout F:future-tag fourth
            """;

    @TempDir
    Path dir;

    @Test
    void selectsAndPrintsAsTheKubeletDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("0.log"), LOG);
        assertThat(read(file, LogSelection.ALL)).isEqualTo("first\nsecond\nthird, continued\nfourth\n");
        assertThat(read(file, new LogSelection(-1, Instant.MIN, true, -1))).isEqualTo("""
                2026-12-07T00:00:01.500000000Z first
                2026-12-07T00:00:02.000000001Z second
                2026-12-07T00:00:03.250000000Z third, 2026-12-07T00:00:03.500000000Z continued
                2026-12-07T00:00:04.000000000Z fourth
                """);
        Instant second = Instant.parse("2026-12-07T00:00:02.000000001Z");
        assertThat(read(file, new LogSelection(-1, second, false, -1))).isEqualTo("second\nthird, continued\nfourth\n");
        assertThat(read(file, new LogSelection(-1, second.plusNanos(1), false, -1)))
                .isEqualTo("third, continued\nfourth\n");
        // the tail counts entries (a partial one too) from the end, then since filters them
        assertThat(read(file, new LogSelection(2, Instant.MIN, false, -1))).isEqualTo("continued\nfourth\n");
        assertThat(read(file, new LogSelection(5, Instant.parse("2026-12-07T00:00:03.3Z"), false, -1)))
                .isEqualTo("continued\nfourth\n");
        assertThat(read(file, new LogSelection(0, Instant.MIN, false, -1))).isEmpty();
        assertThat(read(file, new LogSelection(-1, Instant.MIN, true, 35)))
                .isEqualTo("2026-12-07T00:00:01.500000000Z firs");
    }

    @Test
    void aFollowerReadsWholeEntriesAsTheyComeAndStopsAtTheLimit() throws Exception {
        Path file = Files.writeString(dir.resolve("0.log"), "2026-12-07T00:00:01Z stdout F a\n");
        ContainerLogReader follower = new ContainerLogReader(new LogSelection(-1, Instant.MIN, false, 7));
        assertThat(new String(follower.next(file), StandardCharsets.UTF_8)).isEqualTo("a\n");
        Files.writeString(file, "2026-12-07T00:00:02Z stdout F bb\n2026-12-07T00:00:03Z stdout F cc",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(new String(follower.next(file), StandardCharsets.UTF_8)).isEqualTo("bb\n");
        assertThat(follower.exhausted()).isFalse();
        Files.writeString(file, "c\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(new String(follower.next(file), StandardCharsets.UTF_8)).isEqualTo("cc");
        assertThat(follower.exhausted()).isTrue();
    }

    private static String read(Path file, LogSelection selection) throws Exception {
        return new String(ContainerLogReader.readAll(List.of(file), selection), StandardCharsets.UTF_8);
    }
}
