package dev.saleday.localkube.node;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test images: {@code test/pod-server:<tag>} runs {@link TestPodServer} from the test classes. */
public final class TestImages {

    public static final String POD_SERVER = "test/pod-server:1";

    private TestImages() {
    }

    public static ImageCatalog catalog() {
        return (image, resources) -> {
            if (!image.startsWith("test/pod-server:")) {
                return Optional.empty();
            }
            return Optional.of(new ContainerLaunch(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-Dsun.net.httpserver.nodelay=true",
                    "-cp", testClasses().toString(), TestPodServer.class.getName()),
                    Map.of("IMAGE_TAG", image.substring(image.indexOf(':') + 1))));
        };
    }

    /** The runnable model jar, from the test classpath (dependency dev.saleday:saleday-model). */
    public static Path modelJar() {
        try {
            return Path.of(dev.saleday.model.ModelMain.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path testClasses() {
        try {
            return Path.of(TestPodServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
