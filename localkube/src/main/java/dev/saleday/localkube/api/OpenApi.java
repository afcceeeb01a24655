package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl downloads before {@code apply}: {@code /openapi/v3} lists one document per group
 * version, and each document has the paths of the kinds served there, every operation tagged with
 * {@code x-kubernetes-group-version-kind} and its query parameters ({@code fieldValidation}, {@code dryRun},
 * {@code fieldManager}, {@code force}). From them kubectl learns that the server validates fields itself, so it sends
 * {@code fieldValidation=Strict} instead of validating client-side. The documents carry no schemas
 * ({@code components.schemas} is empty): kubectl then builds strategic merge patches from its compiled-in types,
 * and {@code kubectl explain} has nothing to show.
 */
final class OpenApi {

    private static final String ROOT = "/openapi/v3";

    private OpenApi() {
    }

    static Optional<ObjectNode> answer(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (p.equals(ROOT)) {
            ObjectNode root = Json.object();
            ObjectNode paths = root.putObject("paths");
            for (Map.Entry<String, List<String>> group : ResourceTypes.groups().entrySet()) {
                for (String version : group.getValue()) {
                    String key = group.getKey().isEmpty() ? "api/" + version : "apis/" + group.getKey() + "/" + version;
                    paths.putObject(key).put("serverRelativeURL", ROOT + "/" + key + "?hash=" + hash(group.getKey(),
                            version));
                }
            }
            return Optional.of(root);
        }
        if (!p.startsWith(ROOT + "/")) {
            return Optional.empty();
        }
        String[] s = p.substring(ROOT.length() + 1).split("/");
        if (s.length == 2 && s[0].equals("api")) {
            return document("", s[1]);
        }
        if (s.length == 3 && s[0].equals("apis")) {
            return document(s[1], s[2]);
        }
        return Optional.empty();
    }

    private static String hash(String group, String version) {
        int h = 17;
        for (ResourceType type : ResourceTypes.all()) {
            if (type.group().equals(group) && type.version().equals(version)) {
                h = 31 * h + type.plural().hashCode() + type.subresources().hashCode();
            }
        }
        return Integer.toHexString(h).toUpperCase(java.util.Locale.ROOT);
    }

    private static Optional<ObjectNode> document(String group, String version) {
        List<ResourceType> types = ResourceTypes.all().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
        if (types.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "v1.32.0-saleday-localkube");
        ObjectNode paths = doc.putObject("paths");
        for (ResourceType type : types) {
            String collection = type.basePath() + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
            ObjectNode list = paths.putObject(collection);
            operation(list, "get", type, "list", List.of());
            operation(list, "post", type, "post", List.of("dryRun", "fieldManager", "fieldValidation"));
            ObjectNode item = paths.putObject(collection + "/{name}");
            operation(item, "get", type, "get", List.of());
            operation(item, "put", type, "put", List.of("dryRun", "fieldManager", "fieldValidation"));
            operation(item, "patch", type, "patch", List.of("dryRun", "fieldManager", "fieldValidation", "force"));
            operation(item, "delete", type, "delete", List.of("dryRun", "gracePeriodSeconds", "propagationPolicy"));
        }
        doc.putObject("components").putObject("schemas");
        return Optional.of(doc);
    }

    private static void operation(ObjectNode path, String method, ResourceType type, String action,
                                  List<String> queryParameters) {
        ObjectNode op = path.putObject(method);
        op.put("operationId", method + type.kind());
        op.put("x-kubernetes-action", action);
        ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", type.group());
        gvk.put("version", type.version());
        gvk.put("kind", type.kind());
        ArrayNode parameters = op.putArray("parameters");
        for (String name : queryParameters) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", name);
            parameter.put("in", "query");
            parameter.putObject("schema").put("type", name.equals("force") ? "boolean"
                    : name.equals("gracePeriodSeconds") ? "integer" : "string");
            parameter.put("uniqueItems", true);
        }
        ObjectNode ok = op.putObject("responses").putObject("200");
        ok.put("description", "OK");
    }
}
