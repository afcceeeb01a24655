package dev.saleday.localkube.node;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Runs {@code saleday/harness:<tag>} as the built saleday command ({@code cli/target/saleday.jar}, its libraries
 * beside it), as the harness image (cli/Dockerfile) runs it: {@code java @jvm.options -jar saleday.jar} is the
 * entrypoint, the container's {@code args} are the command's arguments. The JVM flags are the image's own, read from
 * the same file the Dockerfile copies ({@value #JVM_OPTIONS}, a {@code java} argument file inside the command's jar
 * or class path), and sized from the container's limits as a container-aware JVM sizes itself from its cgroup: the
 * memory limit is the RAM the image's {@code -XX:MaxRAMPercentage} takes its heap from ({@code -XX:MaxRAM}), the CPU
 * limit the processors it believes it has ({@code -XX:ActiveProcessorCount}, rounded up as the JVM rounds a CFS
 * quota). Without limits the JVM sees the host, as in a container without limits. A jar without the options file is
 * not the harness image: unknown (ErrImagePull).
 */
final class HarnessImageCatalog implements ImageCatalog {

    static final String REPOSITORY = "saleday/harness";

    /** The saleday command's main class, for a build that runs from a class path rather than the jar. */
    static final String MAIN_CLASS = "dev.saleday.cli.Saleday";

    /** The image's JVM flags, a resource of the command (cli/src/main/resources): cli/Dockerfile copies the same file. */
    static final String JVM_OPTIONS = "dev/saleday/cli/harness.jvm.options";

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
        Optional<String> options = classPath != null ? optionsOnClassPath(classPath) : optionsInJar(harnessJar);
        if (options.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(argumentFile(options.get()));
        command.addAll(containerSizing(resources));
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

    /** What a container-aware JVM reads from its cgroup, as flags: the memory limit as its RAM, the CPU limit. */
    static List<String> containerSizing(ContainerResources resources) {
        List<String> flags = new ArrayList<>();
        resources.memoryLimitBytes().ifPresent(bytes -> flags.add("-XX:MaxRAM=" + bytes));
        resources.cpuLimitMillicores().ifPresent(millicores ->
                flags.add("-XX:ActiveProcessorCount=" + Math.max(1, (millicores + 999) / 1000)));
        return flags;
    }

    /** @return the arguments of a {@code java} argument file: whitespace-separated, {@code #} to the line's end a comment */
    static List<String> argumentFile(String text) {
        List<String> arguments = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!content.isEmpty()) {
                arguments.addAll(List.of(content.split("\\s+")));
            }
        }
        return arguments;
    }

    private static Optional<String> optionsInJar(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(JVM_OPTIONS);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return Optional.empty(); // not a jar: not the image
        }
    }

    private static Optional<String> optionsOnClassPath(String classPath) {
        for (String element : classPath.split(File.pathSeparator)) {
            Path entry = Path.of(element);
            if (Files.isDirectory(entry)) {
                Path file = entry.resolve(JVM_OPTIONS);
                if (Files.isRegularFile(file)) {
                    try {
                        return Optional.of(Files.readString(file));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }
            } else if (Files.isRegularFile(entry)) {
                Optional<String> inJar = optionsInJar(entry);
                if (inJar.isPresent()) {
                    return inJar;
                }
            }
        }
        return Optional.empty();
    }
}
