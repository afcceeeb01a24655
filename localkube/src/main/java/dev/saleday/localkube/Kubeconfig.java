package dev.saleday.localkube;

import dev.saleday.plan.PlanDefaults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the kubeconfig of a localkube: cluster, user and context {@code saleday-local}, plain HTTP on loopback. */
final class Kubeconfig {


    private Kubeconfig() {
    }

    static Path write(Path file, String serverUrl) throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user:
                    token: localkube
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                preferences: {}
                """.formatted(PlanDefaults.LOCAL_CONTEXT, serverUrl);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }
}
