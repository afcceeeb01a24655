package dev.saleday.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Starts {@link ChaosRunChild} in a separate JVM on this test's classpath. */
final class ChildProcess {
    private ChildProcess() {
    }

    static Process start(Path kubeconfig, Path runDir, String namespace, Path output, String... extra)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ChaosRunChild.class.getName(),
                kubeconfig.toString(), runDir.toString(), namespace));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }
}
