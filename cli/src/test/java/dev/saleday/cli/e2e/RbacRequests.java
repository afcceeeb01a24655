package dev.saleday.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resource requests the harness's ServiceAccount makes, as {@code VERB GROUP RESOURCE SUBRESOURCE NAMESPACE}
 * (tab-separated, {@code -} for empty; names left out: no rule of k8s/rbac names objects), read from localkube's
 * audit log. {@link #FILE} holds the set recorded by KubeconfigTargetEndToEndTest's runs of plans/ci.yaml; the last
 * recorded set is also written to {@code target/rbac-requests-recorded.tsv}.
 */
final class RbacRequests {

    static final Path FILE = Path.of("src", "test", "resources", "rbac", "ci-plan-requests.tsv");
    static final Path LAST_RECORDED = Path.of("target", "rbac-requests-recorded.tsv");

    private RbacRequests() {
    }

    static Set<String> read(Path auditLog, String user) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> requests = new TreeSet<>();
        for (String line : Files.readAllLines(auditLog, StandardCharsets.UTF_8)) {
            JsonNode event = json.readTree(line);
            JsonNode ref = event.path("objectRef");
            if (!event.path("user").path("username").asText().equals(user) || ref.isMissingNode()) {
                continue;
            }
            requests.add(String.join("\t", event.path("verb").asText(), dash(ref.path("apiGroup").asText()),
                    ref.path("resource").asText(), dash(ref.path("subresource").asText()),
                    dash(ref.path("namespace").asText())));
        }
        Files.createDirectories(LAST_RECORDED.getParent());
        Files.writeString(LAST_RECORDED, String.join("\n", requests) + "\n");
        return requests;
    }

    static Set<String> committed() throws IOException {
        Set<String> requests = new TreeSet<>();
        for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                requests.add(line);
            }
        }
        return requests;
    }

    private static String dash(String value) {
        return value.isEmpty() ? "-" : value;
    }
}
