package dev.saleday.localkube.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code saleday/harness:<tag>} as the built saleday command ({@code cli/target/saleday.jar}, its libraries
 * beside it), as the harness image (cli/Dockerfile) runs it: {@code java ... -jar saleday.jar} is the entrypoint, the
 * container's {@code args} are the command's arguments, with the image's JVM flags: the heap 75 % of the memory limit
 * ({@code -XX:MaxRAMPercentage=75}; the JVM's own default without a limit), processors from the CPU limit, and the
 * JVM's default compilers and collector. Not the model pod's small-container flags ({@code -XX:TieredStopAtLevel=1
 * -XX:+UseSerialGC}, a 256 MB heap): an injector is the hot loop of the load, and with C1 only, serial collection
 * and that heap two injector pods spent about twice the in-process injector's CPU a request (docs/perf/injectors.md).
 */
final class HarnessImageCatalog implements ImageCatalog {

    static final String REPOSITORY = "saleday/harness";
    private static final int HEAP_PERCENT_OF_LIMIT = 75;
    private static final long MIN_HEAP_BYTES = 64L << 20;

    /** The saleday command's main class, for a build that runs from a class path rather than the jar. */
    static final String MAIN_CLASS = "dev.saleday.cli.Saleday";

    private final Path harnessJar;
    private final String classPath;

    HarnessImageCatalog(Path harnessJar) {
        this(harnessJar, null);
    }

    /** @param classPath when set, the command runs from this class path (a build's classes) instead of the jar */
    HarnessImageCatalog(Path harnessJar, String classPath) {
        this.harnessJar = harnessJar.toAbsolutePath();
        this.classPath = classPath == null || classPath.isBlank() ? null : classPath;
    }

    @Override
    public Optional<ContainerLaunch> resolve(String image, ContainerResources resources) {
        String prefix = REPOSITORY + ":";
        String name = image.startsWith("docker.io/") ? image.substring("docker.io/".length()) : image;
        if (!name.startsWith(prefix) || name.length() == prefix.length()
                || (classPath == null && !Files.isRegularFile(harnessJar))) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(javaCommand(resources));
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.add("-Dgatling.data.enableAnalytics=false");
        if (classPath != null) {
            command.add("-cp");
            command.add(classPath);
            command.add(MAIN_CLASS);
        } else {
            command.add("-jar");
            command.add(harnessJar.toString());
        }
        return Optional.of(new ContainerLaunch(command, Map.of("SALEDAY_IMAGE_TAG", name.substring(prefix.length()))));
    }

    /** The harness image's JVM (cli/Dockerfile): heap and processors from the limits, nothing else changed. */
    static List<String> javaCommand(ContainerResources resources) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        resources.memoryLimitBytes().ifPresent(bytes ->
                command.add("-Xmx" + (Math.max(MIN_HEAP_BYTES, bytes * HEAP_PERCENT_OF_LIMIT / 100) >> 20) + "m"));
        resources.cpuLimitMillicores().ifPresent(millicores ->
                command.add("-XX:ActiveProcessorCount=" + Math.max(1, (millicores + 999) / 1000)));
        return command;
    }
}
