package dev.saleday.localkube.node;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Maps a container image to a local command: there is no container runtime, so "pulling" an image means knowing how
 * to run it. An image the catalog does not know fails the way an unpullable image does (ErrImagePull, then
 * ImagePullBackOff).
 */
@FunctionalInterface
public interface ImageCatalog {

    /** @return how to run {@code image} within {@code resources}, or empty when this catalog does not know it */
    Optional<ContainerLaunch> resolve(String image, ContainerResources resources);

    /** {@code saleday/recommendation:<tag>} -> {@code java -Xmx.. -jar modelJar} with {@code MODEL_VERSION=<tag>}. */
    static ImageCatalog model(Path modelJar) {
        return new ModelImageCatalog(modelJar);
    }

    /**
     * {@code saleday/harness:<tag>} -> {@code java -jar harnessJar ARGS} (the saleday command; the container's
     * {@code args} are its arguments).
     */
    static ImageCatalog harness(Path harnessJar) {
        return new HarnessImageCatalog(harnessJar);
    }

    /** {@code saleday/harness:<tag>} -> {@code java -cp classPath dev.saleday.cli.Saleday ARGS} when a class path is given. */
    static ImageCatalog harness(Path harnessJar, String classPath) {
        return new HarnessImageCatalog(harnessJar, classPath);
    }

    /** This catalog first, then {@code other}. */
    default ImageCatalog orElse(ImageCatalog other) {
        return (image, resources) -> resolve(image, resources).or(() -> other.resolve(image, resources));
    }
}
