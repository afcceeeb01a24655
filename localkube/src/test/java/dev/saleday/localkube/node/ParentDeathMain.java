package dev.saleday.localkube.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run as its own JVM by {@link ContainerProcessTest}: starts one container (a shell with a background grandchild),
 * prints {@code container <pid>}, then waits to be killed.
 */
public final class ParentDeathMain {

    private ParentDeathMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ContainerProcess process = ContainerProcess.start(List.of("/bin/sh", "-c", "sleep 300 & sleep 301"),
                Map.of(), new ContainerLogFile(dir.resolve("container.log"), 1 << 20), dir.resolve("container.pid"));
        System.out.println("container " + process.pid());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
