package dev.saleday.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each writer, fed the golden inputs, writes its format's newest golden file byte for byte. A change to what a
 * writer writes fails here: either it was a mistake, or it is a new format version (bump the version, add its golden
 * file, keep the old one and its reader).
 */
class WritersKeepTheirFormatTest {

    @FunctionalInterface
    interface Writer {
        void write(Path dir) throws Exception;
    }

    @TempDir
    Path dir;

    static Stream<Arguments> writers() {
        return Stream.of(
                Arguments.of("injector-v2.jsonl", InjectorFile.FORMAT, (Writer) GoldenRun::injector),
                Arguments.of("host-v3.jsonl", HostFile.FORMAT, (Writer) GoldenRun::host),
                Arguments.of("pod-metrics-v1.jsonl", PodMetricsFile.FORMAT, (Writer) GoldenRun::podMetrics),
                Arguments.of("answers-v1.jsonl", AnswersFile.FORMAT, (Writer) GoldenRun::answers),
                Arguments.of("probe-v1.jsonl", ProbeFile.FORMAT, (Writer) GoldenRun::probe),
                Arguments.of("capacity-v2.jsonl", CapacityFile.FORMAT, (Writer) GoldenRun::capacity),
                Arguments.of("warm-up-v2.jsonl", WarmUpFile.FORMAT, (Writer) GoldenRun::warmUp),
                Arguments.of("timeline-v1.jsonl", TimelineFile.FORMAT, (Writer) GoldenRun::timeline),
                Arguments.of("journal-v1.jsonl", JournalFile.FORMAT, (Writer) GoldenRun::journal),
                Arguments.of("run-v1.json", RunFile.FORMAT, (Writer) GoldenRun::run),
                Arguments.of("run-v1-dry-run-aborted.json", RunFile.FORMAT, (Writer) GoldenRun::dryRunAborted));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void writesItsGoldenFileByteForByte(String golden, RecordFormat format, Writer writer) throws Exception {
        assertThat(golden).as("the newest golden file of " + format.name())
                .startsWith(format.fileName().substring(0, format.fileName().indexOf('.')) + "-v" + format.version());
        writer.write(dir);
        Path written = dir.resolve(format.fileName());
        assertThat(Files.readString(written, StandardCharsets.UTF_8))
                .as("%s as written today against golden/%s", format.fileName(), golden)
                .isEqualTo(Files.readString(Golden.file(golden), StandardCharsets.UTF_8));
        assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(Golden.file(golden)));
    }
}
