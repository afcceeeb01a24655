package dev.saleday.localkube.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code saleday/recommendation:<tag>} as the model jar on this machine's Java, with the pod JVM flags of
 * docs/MODEL.md ({@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}). The memory limit becomes the heap
 * ({@value #HEAP_PERCENT_OF_LIMIT} % of it, as container-aware JVMs size themselves); the CPU limit caps the
 * processors the JVM believes it has. The CPU limit itself is enforced by the model, which reads it from the env the
 * manifest asks for (resourceFieldRef).
 */
final class ModelImageCatalog implements ImageCatalog {

    static final String REPOSITORY = "saleday/recommendation";
    private static final int HEAP_PERCENT_OF_LIMIT = 75;
    private static final long MIN_HEAP_BYTES = 32L << 20;
    private static final long DEFAULT_HEAP_BYTES = 256L << 20;

    private final Path modelJar;

    ModelImageCatalog(Path modelJar) {
        this.modelJar = modelJar.toAbsolutePath();
    }

    @Override
    public Optional<ContainerLaunch> resolve(String image, ContainerResources resources) {
        String prefix = REPOSITORY + ":";
        String name = image.startsWith("docker.io/") ? image.substring("docker.io/".length()) : image;
        if (!name.startsWith(prefix) || name.length() == prefix.length() || !Files.isRegularFile(modelJar)) {
            return Optional.empty();
        }
        String tag = name.substring(prefix.length());
        List<String> command = new ArrayList<>(javaCommand(resources));
        command.add("-jar");
        command.add(modelJar.toString());
        return Optional.of(new ContainerLaunch(command, Map.of("MODEL_VERSION", tag)));
    }

    /** The JVM flags of a small container: fixed heap from the memory limit, serial GC, processors from the CPU limit. */
    static List<String> javaCommand(ContainerResources resources) {
        long heapBytes = resources.memoryLimitBytes().isPresent()
                ? Math.max(MIN_HEAP_BYTES, resources.memoryLimitBytes().getAsLong() * HEAP_PERCENT_OF_LIMIT / 100)
                : DEFAULT_HEAP_BYTES;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (heapBytes >> 20) + "m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                // C1 only: a fraction of the start-up CPU, which matters when ten pods start on two cores; the
                // model's capacity figures (docs/perf/model.md) are measured with the same flags.
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto"));
        resources.cpuLimitMillicores().ifPresent(millicores ->
                command.add("-XX:ActiveProcessorCount=" + Math.max(1, (millicores + 999) / 1000)));
        return command;
    }
}
