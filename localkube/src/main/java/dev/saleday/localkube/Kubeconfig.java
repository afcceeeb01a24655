package dev.saleday.localkube;

import dev.saleday.plan.PlanDefaults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes the kubeconfig of a localkube: cluster, user and context {@code saleday-local}, HTTPS on loopback with the
 * CA that signed the server's certificate as {@code certificate-authority-data}.
 */
final class Kubeconfig {


    private Kubeconfig() {
    }

    static Path write(Path file, String serverUrl, String caPem) throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                    certificate-authority-data: %3$s
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
                """.formatted(PlanDefaults.LOCAL_CONTEXT, serverUrl,
                Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }
}
