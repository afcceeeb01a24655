package dev.saleday.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Where the pods' model jar comes from when no property names it: a build that depends on saleday-model has it. */
class ModelJarTest {

    @Test
    void theSaledayModelJarOnTheClasspathIsTheRunnableModel() throws Exception {
        Path jar = LocalKubeConfig.modelJarOnClasspath();

        // this module's tests depend on the packaged model (shaded, runnable) as a jar
        assertThat(jar).isNotNull().isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(LocalKubeConfig.MODEL_MAIN_CLASS);
        }
    }
}
