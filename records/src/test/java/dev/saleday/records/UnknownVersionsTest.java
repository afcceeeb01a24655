package dev.saleday.records;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reader refuses a version it does not know, or another format, naming the file and line. */
class UnknownVersionsTest {

    @FunctionalInterface
    interface Reader {
        void read(Path file) throws Exception;
    }

    @TempDir
    Path dir;

    static Stream<Arguments> readers() {
        return Stream.of(
                Arguments.of("injector-v2.jsonl", (Reader) f -> InjectorFile.read(f, r -> { }), ":1:1: "),
                Arguments.of("host-v3.jsonl", (Reader) f -> HostFile.read(f, r -> { }), ":1:1: "),
                Arguments.of("warm-up-v2.jsonl", (Reader) WarmUpFile::read, ":1:1: "),
                Arguments.of("pod-metrics-v1.jsonl", (Reader) PodMetricsFile::read, ":1:1: "),
                Arguments.of("answers-v1.jsonl", (Reader) f -> AnswersFile.read(f, r -> { }), ":1:1: "),
                Arguments.of("probe-v1.jsonl", (Reader) f -> ProbeFile.read(f, r -> { }), ":1:1: "),
                Arguments.of("capacity-v2.jsonl", (Reader) CapacityFile::read, ":1:1: "),
                Arguments.of("timeline-v1.jsonl", (Reader) f -> TimelineFile.read(f, r -> { }), ":1:1: "),
                Arguments.of("journal-v1.jsonl", (Reader) JournalReader::read, ":1: "),
                Arguments.of("run-v1.json", (Reader) RunFile::read, ": "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void refusesAnUnknownVersionNamingTheFileAndLine(String golden, Reader reader, String place) throws Exception {
        String text = Files.readString(Golden.file(golden), StandardCharsets.UTF_8);
        String format = text.substring(text.indexOf("saleday."), text.indexOf('"', text.indexOf("saleday.")));
        Path file = dir.resolve(golden);
        Files.writeString(file, text.replaceFirst("\"version\"( ?: ?)\\d", "\"version\"$19"), StandardCharsets.UTF_8);
        int newest = Integer.parseInt(golden.replaceAll(".*-v(\\d+).*", "$1"));
        assertThatThrownBy(() -> reader.read(file))
                .hasMessage(file + place + "format " + format + " version 9 is not supported (this saleday reads "
                        + (newest == 1 ? "1" : "1.." + newest) + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void refusesAnotherFormatNamingTheFileAndLine(String golden, Reader reader, String place) throws Exception {
        String text = Files.readString(Golden.file(golden), StandardCharsets.UTF_8);
        Path file = dir.resolve(golden);
        Files.writeString(file, text.replaceFirst("saleday\\.\\w+", "saleday.other"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.read(file)).hasMessageStartingWith(file + place + "expected a header with");
    }
}
