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
 * container's {@code args} are the command's arguments. Sized like a model pod (heap from the memory limit,
 * processors from the CPU limit), with the flags an in-process Gatling load needs.
 */
final class HarnessImageCatalog implements ImageCatalog {

    static final String REPOSITORY = "saleday/harness";

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
        List<String> command = new ArrayList<>(ModelImageCatalog.javaCommand(resources));
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
}
