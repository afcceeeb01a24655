package dev.saleday.localkube.node;

import dev.saleday.localkube.logs.ContainerLogReader;
import dev.saleday.localkube.logs.CriLog;
import dev.saleday.localkube.logs.LogSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A container's output turned into CRI entries (containerd's rules) and rotated by renaming at the cap. */
class LogPumpTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T00:20:01.000123Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void linesBecomeEntriesLongLinesAndAnUnterminatedEndArePartial() throws Exception {
        String longLine = "x".repeat(CriLog.MAX_LINE_BYTES + 10);
        String output = "one\n\ntwo\r\n" + longLine + "\nlast words";
        Path file = dir.resolve("0.log");
        try (ContainerLogFile log = new ContainerLogFile(file, 1 << 20)) {
            new LogPump(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), true, log, CLOCK).run();
        }
        List<String> lines = List.of(Files.readString(file).split("\n"));
        assertThat(lines).containsExactly(
                "2026-12-07T00:20:01.000123000Z stderr F one",
                "2026-12-07T00:20:01.000123000Z stderr F ",
                "2026-12-07T00:20:01.000123000Z stderr F two\r",
                "2026-12-07T00:20:01.000123000Z stderr P " + "x".repeat(CriLog.MAX_LINE_BYTES),
                "2026-12-07T00:20:01.000123000Z stderr F " + "x".repeat(10),
                "2026-12-07T00:20:01.000123000Z stderr P last words");
        // put together, the entries are exactly what the container wrote
        assertThat(new String(ContainerLogReader.readAll(List.of(file), LogSelection.ALL), StandardCharsets.UTF_8))
                .isEqualTo(output);
    }

    @Test
    void pastTheCapTheFileIsRenamedAndANewOneStarted() throws Exception {
        Path file = dir.resolve("0.log");
        String line = "y".repeat(100) + "\n";
        try (ContainerLogFile log = new ContainerLogFile(file, 1024)) {
            for (int i = 0; i < 12; i++) {
                new LogPump(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), false, log, CLOCK).run();
            }
        }
        // 141 bytes an entry: the eighth passes 1024 bytes and rotates; four more go to the new file
        assertThat(Files.readAllLines(dir.resolve("0.log.1"))).hasSize(8);
        assertThat(Files.readAllLines(file)).hasSize(4);
        assertThat(new String(ContainerLogReader.readAll(List.of(dir.resolve("0.log.1"), file), LogSelection.ALL),
                StandardCharsets.UTF_8)).isEqualTo(line.repeat(12));
    }
}
