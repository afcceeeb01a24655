package dev.saleday.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneResultPerCheckWithStatusLabelsParametersStepsAndAttachments(@TempDir Path runDir) throws Exception {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        List<Check> checks = new ArrayList<>(SampleRun.failingVerdict(analysis).checks());
        checks.add(Check.of("scaleUp.peak.ready", CheckKind.SCALE_UP, Double.NaN, 90, "s", Comparison.AT_MOST,
                "ready never reached 8", null));
        Path results = runDir.resolve(AllureResults.DIR);

        AllureResults.write(results, analysis, SampleRun.verdict(analysis, checks));

        Map<String, JsonNode> byName = new HashMap<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).toList()) {
                JsonNode result = JSON.readTree(file.toFile());
                byName.put(result.path("name").asText(), result);
            }
        }
        assertThat(byName).hasSize(7);
        assertThat(byName.get("validity.achievedRate").path("status").asText()).isEqualTo("passed");
        assertThat(byName.get("scaleUp.peak.ready").path("status").asText()).isEqualTo("broken");

        JsonNode kill = byName.get("zeroDowntime.kill-30pc.failed");
        assertThat(kill.path("status").asText()).isEqualTo("failed");
        assertThat(label(kill, "suite")).isEqualTo("Zero downtime");
        assertThat(label(kill, "parentSuite")).isEqualTo("big-billion-day");
        assertThat(label(kill, "severity")).isEqualTo("critical");
        assertThat(kill.path("statusDetails").path("message").asText()).matches("measured \\d+ requests, threshold <= 50 requests");
        assertThat(parameter(kill, "threshold")).isEqualTo("<= 50 requests");
        assertThat(kill.path("steps")).hasSize(3);
        assertThat(kill.path("steps").get(2).path("name").asText()).startsWith("Failure window 1:50–1:56 (6 s)");
        assertThat(kill.path("steps").get(2).path("status").asText()).isEqualTo("failed");

        List<String> types = new ArrayList<>();
        for (JsonNode attachment : kill.path("attachments")) {
            Path file = results.resolve(attachment.path("source").asText());
            assertThat(file).exists();
            types.add(attachment.path("type").asText());
            if (attachment.path("type").asText().equals("image/png")) {
                assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(ChartImages.WIDTH_PX);
            }
            if (attachment.path("name").asText().startsWith("Timeline")) {
                assertThat(Files.readString(file)).contains("chaos kill-30pc applied: killed 2 pods")
                        .contains("pod recommendation-7d9f-abcde deleted");
            }
            if (attachment.path("name").asText().startsWith("Latency distribution")) {
                assertThat(Files.readString(file)).contains("Value     Percentile TotalCount");
            }
        }
        assertThat(types).containsExactly("image/png", "image/png", "text/plain", "text/plain");
        assertThat(results.resolve("environment.properties")).content().contains("plan=big-billion-day")
                .contains("verdict=FAIL");
    }

    @Test
    void renderingTwiceWritesTheSameFiles(@TempDir Path runDir) throws Exception {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        Path results = runDir.resolve(AllureResults.DIR);
        AllureResults.write(results, analysis, SampleRun.failingVerdict(analysis));
        List<String> first = listing(results);

        AllureResults.write(results, analysis, SampleRun.failingVerdict(analysis));

        assertThat(listing(results)).isEqualTo(first);
    }

    @Test
    void allureGeneratorAcceptsTheResults(@TempDir Path runDir) throws Exception {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        Optional<AllureCommandLine> cli = AllureCommandLine.locate();
        assertThat(cli).as("Allure's command line (the build unpacks it into target/allure-commandline)").isPresent();

        new AllureReport(cli).render(runDir, analysis, SampleRun.failingVerdict(analysis));

        Path index = runDir.resolve("allure-report/index.html");
        assertThat(index).exists();
        assertThat(Files.size(index)).isGreaterThan(500_000);
        // A single-file report carries the results inside: our check names are there.
        assertThat(Files.readString(index)).contains("<html").contains("allure");
        assertThat(runDir.resolve("allure-report/" + AllureReport.NOTE)).doesNotExist();
    }

    @Test
    void withoutTheCommandLineTheResultsStayAndANoteSaysHowToGetTheHtml(@TempDir Path runDir) throws Exception {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);

        new AllureReport(Optional.empty()).render(runDir, analysis, SampleRun.passingVerdict(analysis));

        assertThat(runDir.resolve("allure-results")).isNotEmptyDirectory();
        assertThat(runDir.resolve("allure-report/index.html")).doesNotExist();
        assertThat(runDir.resolve("allure-report/" + AllureReport.NOTE)).content()
                .contains("no Allure command line was found").contains(AllureCommandLine.HOME_PROPERTY)
                .contains("allure-commandline-" + AllureCommandLine.VERSION + ".zip");
    }

    @Test
    void locatesTheDistributionInTheLocalMavenRepositoryAndUnpacksItOnce(@TempDir Path home) throws Exception {
        // A stand-in for the real zip, laid out like it: allure-VERSION/lib/...
        Path repo = home.resolve(Path.of(".m2", "repository", "io", "qameta", "allure", "allure-commandline",
                AllureCommandLine.VERSION));
        Files.createDirectories(repo);
        Path zip = repo.resolve("allure-commandline-" + AllureCommandLine.VERSION + ".zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("allure-" + AllureCommandLine.VERSION + "/lib/marker.txt"));
            out.write("first".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }

        Optional<AllureCommandLine> found = AllureCommandLine.locate(null, null, home);

        Path unpacked = home.resolve(".cache/saleday/allure-" + AllureCommandLine.VERSION);
        assertThat(found).map(AllureCommandLine::home).contains(unpacked);
        assertThat(unpacked.resolve("lib/marker.txt")).hasContent("first");
        // Once unpacked, the cached copy is used as it is.
        Files.writeString(unpacked.resolve("lib/marker.txt"), "cached");
        assertThat(AllureCommandLine.locate(null, null, home)).map(AllureCommandLine::home).contains(unpacked);
        assertThat(unpacked.resolve("lib/marker.txt")).hasContent("cached");
        // A configured home wins; nothing anywhere finds nothing.
        Path configured = Files.createDirectories(home.resolve("my-allure/lib")).getParent();
        assertThat(AllureCommandLine.locate(configured.toString(), null, home)).map(AllureCommandLine::home)
                .contains(configured);
        assertThat(AllureCommandLine.locate(null, configured.toString(), home)).map(AllureCommandLine::home)
                .contains(configured);
        assertThat(AllureCommandLine.locate(null, null, home.resolve("nowhere"))).isEmpty();
    }

    private static List<String> listing(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                lines.add(file.getFileName() + " " + java.util.Arrays.hashCode(Files.readAllBytes(file)));
            }
        }
        return lines;
    }

    private static String label(JsonNode result, String name) {
        for (JsonNode label : result.path("labels")) {
            if (label.path("name").asText().equals(name)) {
                return label.path("value").asText();
            }
        }
        return null;
    }

    private static String parameter(JsonNode result, String name) {
        for (JsonNode parameter : result.path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter.path("value").asText();
            }
        }
        return null;
    }
}
