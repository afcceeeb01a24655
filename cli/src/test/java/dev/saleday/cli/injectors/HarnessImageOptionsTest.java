package dev.saleday.cli.injectors;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness image's JVM flags have one home, the command's resource {@code dev/saleday/cli/harness.jvm.options}:
 * cli/Dockerfile copies that very file and its entrypoint runs it as a {@code java} argument file, and localkube's
 * {@code saleday/harness} image reads it from the same jar (localkube's HarnessImageTest).
 */
class HarnessImageOptionsTest {

    private static final String RESOURCE = "dev/saleday/cli/harness.jvm.options";

    @Test
    void theDockerfileRunsTheCommandsOptionsFile() throws IOException {
        List<String> dockerfile = Files.readAllLines(Path.of("Dockerfile"));

        assertThat(dockerfile).contains(
                "COPY --from=build /src/cli/src/main/resources/" + RESOURCE + " /app/jvm.options",
                "ENTRYPOINT [\"java\", \"@/app/jvm.options\", \"-jar\", \"/app/saleday.jar\"]");
        assertThat(Path.of("src/main/resources").resolve(RESOURCE)).isRegularFile();
        // the flags the image stands for: heap from the container's memory, and what Gatling needs in this JVM
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")))
                    .containsExactly("-XX:MaxRAMPercentage=75", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                            "-Dgatling.data.enableAnalytics=false", "-XX:-UsePerfData");
        }
    }
}
