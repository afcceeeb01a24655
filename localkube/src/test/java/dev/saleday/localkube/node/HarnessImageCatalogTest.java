package dev.saleday.localkube.node;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class HarnessImageCatalogTest {

    @Test
    void theHarnessImageRunsTheCommandWithTheImagesJvmNotTheModelPodsSmallContainerFlags() throws Exception {
        Path jar = Files.createTempFile("saleday", ".jar");
        try {
            HarnessImageCatalog catalog = new HarnessImageCatalog(jar);

            ContainerLaunch unlimited = catalog.resolve("saleday/harness:0.1.0", ContainerResources.NONE).orElseThrow();
            // The injector is the load's hot loop: C2, the default collector and heap, as in cli/Dockerfile.
            assertThat(unlimited.command()).doesNotContain("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                    .noneMatch(flag -> flag.startsWith("-Xmx") || flag.startsWith("-XX:ActiveProcessorCount"));
            assertThat(unlimited.command()).containsSubsequence("--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "-jar", jar.toString());
            assertThat(unlimited.env()).containsEntry("SALEDAY_IMAGE_TAG", "0.1.0");

            ContainerLaunch limited = catalog.resolve("saleday/harness:0.1.0",
                    new ContainerResources(OptionalLong.of(1024L << 20), OptionalLong.of(1500))).orElseThrow();
            assertThat(limited.command()).contains("-Xmx768m", "-XX:ActiveProcessorCount=2")
                    .doesNotContain("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
            assertThat(catalog.resolve("saleday/recommendation:v1", ContainerResources.NONE)).isEmpty();
        } finally {
            Files.delete(jar);
        }
    }
}
