package dev.saleday.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a run's reports land in a Maven build, and the forked command line. */
class RunReportsTest {

    @TempDir
    Path dir;

    @Test
    void theJunitXmlGoesBesideFailsafesAndTheAllureResultsIntoTheBuildsResults() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run.resolve("allure-results"));
        Files.writeString(run.resolve("junit.xml"), "<testsuites/>");
        Files.writeString(run.resolve("allure-results/a-result.json"), "{}");
        Files.writeString(run.resolve("allure-results/b-attachment.txt"), "b");
        Path reports = dir.resolve("target/failsafe-reports");
        Path allure = dir.resolve("target/allure-results");
        Files.createDirectories(allure);
        Files.writeString(allure.resolve("from-the-tests-result.json"), "{}");

        RunReports.copy(run, "ci", reports, allure);

        assertThat(reports.resolve("TEST-saleday.ci.xml")).hasContent("<testsuites/>");
        try (var files = Files.list(allure)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "from-the-tests-result.json", "a-result.json", "b-attachment.txt");
        }
    }

    @Test
    void theForkedCommandOpensJavaLangForGatlingAndRunsTheCommand() {
        List<String> command = ForkedRun.command(Path.of("/jdk/bin/java"), List.of("-Xmx1g"),
                List.of(Path.of("/m2/saleday-cli.jar"), Path.of("/m2/gatling.jar")),
                List.of("run", "/p/plans/ci.yaml", "--out", "/p/target/saleday/ci-1"));

        assertThat(command).containsExactly("/jdk/bin/java", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xmx1g",
                "-cp", "/m2/saleday-cli.jar:/m2/gatling.jar", "dev.saleday.cli.Saleday", "run", "/p/plans/ci.yaml",
                "--out", "/p/target/saleday/ci-1");
        assertThatThrownBy(() -> ForkedRun.command(Path.of("java"), List.of(), List.of(), List.of()))
                .hasMessageContaining("classpath");
    }
}
