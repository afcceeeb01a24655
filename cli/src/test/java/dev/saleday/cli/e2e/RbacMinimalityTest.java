package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.ResourceTypes;
import dev.saleday.localkube.api.Store;
import dev.saleday.localkube.api.auth.RbacAuthorizer;
import dev.saleday.localkube.api.auth.RequestAttributes;
import dev.saleday.localkube.api.auth.UserInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * k8s/rbac is sufficient and minimal for plans/ci.yaml, judged by localkube's RBAC authorizer on the requests the
 * harness's ServiceAccount made in KubeconfigTargetEndToEndTest's runs ({@link RbacRequests#FILE}): with every rule
 * all are allowed, and without any one rule some request is refused (a 403 for some step), except the rules kept
 * for fault actions that plans/ci.yaml does not use, each named here with its action; those are checked to be unused
 * by the recorded run, so this list stays exact.
 */
class RbacMinimalityTest {

    static final Path RBAC = Path.of("..", "k8s", "rbac");
    static final UserInfo SALEDAY = UserInfo.serviceAccount("shop", "saleday", "");

    /** Rules (kind/first resource) that serve what plans/ci.yaml does not do, and what they serve. */
    static final Map<String, String> FOR_OTHER_ACTIONS = Map.of(
            "Role/pods/eviction", "node-drain evicts (ci.yaml's pod-kill deletes)",
            "Role/jobs", "traffic.injectors > 1: the injectors' Job",
            "Role/configmaps", "config-change (fault knobs); the injectors' plan",
            "Role/poddisruptionbudgets", "pod-kill and node-drain without guards.allowBelowPdb");

    @Test
    void everyRecordedRequestIsAllowedAndEveryRuleIsNeeded() throws Exception {
        Set<String> requests = RbacRequests.committed();
        assertThat(requests).as(RbacRequests.FILE.toString()).isNotEmpty();
        assertThat(refused(objects(null, -1), requests)).as("refused with k8s/rbac as it is").isEmpty();

        List<String> unneeded = new ArrayList<>();
        for (String kind : List.of("Role", "ClusterRole")) {
            ArrayNode rules = (ArrayNode) objects(null, -1).stream().filter(o -> o.path("kind").asText()
                    .equals(kind)).findFirst().orElseThrow().path("rules");
            for (int i = 0; i < rules.size(); i++) {
                String rule = kind + "/" + rules.get(i).path("resources").get(0).asText();
                List<String> refused = refused(objects(kind, i), requests);
                if (refused.isEmpty()) {
                    unneeded.add(rule);
                }
            }
        }
        assertThat(unneeded).as("rules no recorded request needs").containsExactlyInAnyOrderElementsOf(
                FOR_OTHER_ACTIONS.keySet());
    }

    /** The recorded requests the authorizer refuses when k8s/rbac's objects are {@code objects}. */
    private static List<String> refused(List<ObjectNode> objects, Set<String> requests) {
        Store store = new Store(Clock.systemUTC());
        ObjectNode namespace = new ObjectMapper().createObjectNode();
        namespace.putObject("metadata").put("name", "shop");
        store.create(ResourceTypes.require("", "namespaces"), null, namespace);
        for (ObjectNode object : objects) {
            store.create(ResourceTypes.byKind(object.path("apiVersion").asText(), object.path("kind").asText())
                    .orElseThrow(), object.path("metadata").path("namespace").asText(null), object);
        }
        RbacAuthorizer rbac = new RbacAuthorizer(store);
        List<String> refused = new ArrayList<>();
        for (String request : requests) {
            String[] f = request.split("\t");
            RequestAttributes attributes = RequestAttributes.resource(f[0], undash(f[1]), f[2], undash(f[3]),
                    undash(f[4]), "");
            if (!rbac.authorize(SALEDAY, attributes).allowed()) {
                refused.add(request);
            }
        }
        return refused;
    }

    /** k8s/rbac's objects in namespace shop, without rule {@code index} of the first object of {@code kind}. */
    private static List<ObjectNode> objects(String kind, int index) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<ObjectNode> objects = new ArrayList<>();
        try (var files = Files.list(RBAC)) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                ObjectNode object = (ObjectNode) json.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions()))
                        .load(Files.readString(file)));
                if (Set.of("Role", "RoleBinding", "ServiceAccount").contains(object.path("kind").asText())) {
                    ((ObjectNode) object.get("metadata")).put("namespace", "shop");
                }
                if (object.path("kind").asText().equals(kind)) {
                    ((ArrayNode) object.get("rules")).remove(index);
                }
                objects.add(object);
            }
        }
        return objects;
    }

    private static String undash(String value) {
        return value.equals("-") ? "" : value;
    }
}
