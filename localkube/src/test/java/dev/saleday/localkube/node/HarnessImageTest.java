package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code saleday/harness:<tag>} runs the saleday command's jar with the harness image's own JVM flags (the file
 * cli/Dockerfile copies), sized from the container's limits; the container's args are the command's arguments.
 */
class HarnessImageTest {

    /** The options file of the harness image, as the cli module holds it (cli/Dockerfile copies the same file). */
    private static final Path IMAGE_OPTIONS = Path.of("..", "cli", "src", "main", "resources")
            .resolve(HarnessImageCatalog.JVM_OPTIONS);

    @TempDir
    Path dir;

    @Test
    void theHarnessImageRunsTheCommandJarWithTheImagesJvmFlagsAndTheContainersArgs() throws IOException {
        Path jar = jar("saleday.jar", Files.readString(IMAGE_OPTIONS));
        ImageCatalog catalog = ImageCatalog.model(dir.resolve("absent-model.jar")).orElse(ImageCatalog.harness(jar));

        ContainerLaunch launch = catalog.resolve("saleday/harness:0.1.0", ContainerResources.limitsOf(new Container()))
                .orElseThrow();
        // exactly the image's flags, in its order, then the jar: no model flags (C1 only, serial GC, a fixed heap)
        assertThat(launch.command().subList(1, launch.command().size())).containsExactly(
                "-XX:MaxRAMPercentage=75", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dgatling.data.enableAnalytics=false", "-XX:-UsePerfData", "-jar", jar.toAbsolutePath().toString());
        assertThat(launch.env()).containsEntry("SALEDAY_IMAGE_TAG", "0.1.0");
        assertThat(catalog.resolve("docker.io/saleday/harness:v2", ContainerResources.limitsOf(new Container())))
                .isPresent();
        // another repository, no tag, an unbuilt jar, or a jar without the image's options: not in the catalog
        assertThat(catalog.resolve("saleday/harness", ContainerResources.limitsOf(new Container()))).isEmpty();
        assertThat(catalog.resolve("busybox:1", ContainerResources.limitsOf(new Container()))).isEmpty();
        assertThat(ImageCatalog.harness(dir.resolve("missing.jar"))
                .resolve("saleday/harness:0.1.0", ContainerResources.limitsOf(new Container()))).isEmpty();
        assertThat(ImageCatalog.harness(Files.createFile(dir.resolve("empty.jar")))
                .resolve("saleday/harness:0.1.0", ContainerResources.limitsOf(new Container()))).isEmpty();

        Container container = new ContainerBuilder().withName("injector").withImage("saleday/harness:0.1.0")
                .withArgs("inject", "/plan/plan.yaml").build();
        assertThat(ContainerLauncher.commandLine(launch.command(), container))
                .endsWith("-jar", jar.toAbsolutePath().toString(), "inject", "/plan/plan.yaml");
        assertThat(ContainerLauncher.commandLine(List.of("java", "-jar", "m.jar"), new Container()))
                .containsExactly("java", "-jar", "m.jar");
    }

    @Test
    void theContainersLimitsSizeTheJvmAsItsCgroupWould() throws IOException {
        Path jar = jar("saleday.jar", "# the image's flags\n-XX:MaxRAMPercentage=75   -XX:-UsePerfData\n\n");
        Container limited = new ContainerBuilder().withName("injector").withImage("saleday/harness:1")
                .withNewResources().withLimits(Map.of("memory", new Quantity("1Gi"), "cpu", new Quantity("1500m")))
                .endResources().build();

        ContainerLaunch launch = ImageCatalog.harness(jar)
                .resolve("saleday/harness:1", ContainerResources.limitsOf(limited)).orElseThrow();

        // the memory limit is the RAM the image's percentage takes its heap from; 1.5 CPUs are 2 processors
        assertThat(launch.command().subList(1, launch.command().size())).containsExactly(
                "-XX:MaxRAMPercentage=75", "-XX:-UsePerfData", "-XX:MaxRAM=1073741824", "-XX:ActiveProcessorCount=2",
                "-jar", jar.toAbsolutePath().toString());
    }

    @Test
    void aBuildsClassPathRunsTheMainClassWithTheOptionsFromItsClasses() throws IOException {
        Path classes = dir.resolve("classes");
        Path options = classes.resolve(HarnessImageCatalog.JVM_OPTIONS);
        Files.createDirectories(options.getParent());
        Files.writeString(options, "-XX:MaxRAMPercentage=75\n");
        String classPath = jar("other.jar", null) + java.io.File.pathSeparator + classes;

        ContainerLaunch launch = ImageCatalog.harness(dir.resolve("unbuilt.jar"), classPath)
                .resolve("saleday/harness:1", ContainerResources.NONE).orElseThrow();

        assertThat(launch.command().subList(1, launch.command().size()))
                .containsExactly("-XX:MaxRAMPercentage=75", "-cp", classPath, HarnessImageCatalog.MAIN_CLASS);
    }

    /** A jar holding the options file (none when {@code options} is null). */
    private Path jar(String name, String options) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes());
            if (options != null) {
                zip.putNextEntry(new ZipEntry(HarnessImageCatalog.JVM_OPTIONS));
                zip.write(options.getBytes());
            }
        }
        return jar;
    }
}
