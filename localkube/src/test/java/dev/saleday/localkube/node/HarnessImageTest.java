package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code saleday/harness:<tag>} runs the saleday command's jar; the container's args are the command's arguments. */
class HarnessImageTest {

    @TempDir
    Path dir;

    @Test
    void theHarnessImageRunsTheCommandJarWithTheContainersArgs() throws IOException {
        Path jar = Files.createFile(dir.resolve("saleday.jar"));
        ImageCatalog catalog = ImageCatalog.model(dir.resolve("absent-model.jar")).orElse(ImageCatalog.harness(jar));

        ContainerLaunch launch = catalog.resolve("saleday/harness:0.1.0", ContainerResources.limitsOf(new Container()))
                .orElseThrow();
        assertThat(launch.command()).endsWith("-jar", jar.toAbsolutePath().toString())
                .contains("--add-opens=java.base/java.lang=ALL-UNNAMED");
        assertThat(launch.env()).containsEntry("SALEDAY_IMAGE_TAG", "0.1.0");
        assertThat(catalog.resolve("docker.io/saleday/harness:v2", ContainerResources.limitsOf(new Container())))
                .isPresent();
        // another repository, no tag, or an unbuilt jar: not in the catalog (ErrImagePull)
        assertThat(catalog.resolve("saleday/harness", ContainerResources.limitsOf(new Container()))).isEmpty();
        assertThat(catalog.resolve("busybox:1", ContainerResources.limitsOf(new Container()))).isEmpty();
        assertThat(ImageCatalog.harness(dir.resolve("missing.jar"))
                .resolve("saleday/harness:0.1.0", ContainerResources.limitsOf(new Container()))).isEmpty();

        Container container = new ContainerBuilder().withName("injector").withImage("saleday/harness:0.1.0")
                .withArgs("inject", "/plan/plan.yaml").build();
        assertThat(ContainerLauncher.commandLine(launch.command(), container))
                .endsWith("-jar", jar.toAbsolutePath().toString(), "inject", "/plan/plan.yaml");
        assertThat(ContainerLauncher.commandLine(List.of("java", "-jar", "m.jar"), new Container()))
                .containsExactly("java", "-jar", "m.jar");
    }
}
