package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The patch types the API server accepts: JSON patch (RFC 6902), JSON merge patch (RFC 7386: {@code null} deletes)
 * and strategic merge patch (lists merged by their Kubernetes merge key, with {@code $patch} and the
 * {@code $setElementOrder}/{@code $retainKeys} directives kubectl sends). Every method returns a new tree.
 */
public final class Patches {

    /** Field name -> the key its list elements are merged by, from the core types' patchMergeKey tags. */
    private static final Map<String, List<String>> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", List.of("name")),
            Map.entry("initContainers", List.of("name")),
            Map.entry("ephemeralContainers", List.of("name")),
            Map.entry("env", List.of("name")),
            Map.entry("volumes", List.of("name")),
            Map.entry("volumeMounts", List.of("mountPath")),
            Map.entry("volumeDevices", List.of("devicePath")),
            Map.entry("ports", List.of("containerPort", "port")),
            Map.entry("conditions", List.of("type")),
            Map.entry("imagePullSecrets", List.of("name")),
            Map.entry("hostAliases", List.of("ip")),
            Map.entry("topologySpreadConstraints", List.of("topologyKey")),
            Map.entry("ownerReferences", List.of("uid")),
            Map.entry("taints", List.of("key")),
            Map.entry("addresses", List.of("type")));

    /** Lists of scalars merged as sets (patchStrategy merge). */
    private static final java.util.Set<String> MERGED_SCALAR_LISTS = java.util.Set.of("finalizers");

    private Patches() {
    }

    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch.deepCopy();
        }
        ObjectNode result = target instanceof ObjectNode t ? t.deepCopy() : Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = patchObject.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.path(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    public static JsonNode strategicMergePatch(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch.deepCopy();
        }
        if ("replace".equals(patchObject.path("$patch").asText())) {
            ObjectNode replaced = patchObject.deepCopy();
            replaced.remove("$patch");
            return replaced;
        }
        ObjectNode result = target instanceof ObjectNode t ? t.deepCopy() : Json.object();
        if (patchObject.has("$retainKeys")) {
            java.util.Set<String> keep = new java.util.HashSet<>();
            patchObject.get("$retainKeys").forEach(k -> keep.add(k.asText()));
            result.retain(keep);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patchObject.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            if (field.startsWith("$setElementOrder/") || field.equals("$retainKeys") || field.equals("$patch")) {
                continue;
            }
            if (field.startsWith("$deleteFromPrimitiveList/")) {
                String list = field.substring("$deleteFromPrimitiveList/".length());
                if (result.get(list) instanceof ArrayNode existing) {
                    ArrayNode kept = existing.arrayNode();
                    existing.forEach(v -> {
                        if (!contains(value, v)) {
                            kept.add(v);
                        }
                    });
                    result.set(list, kept);
                }
                continue;
            }
            if (value.isNull()) {
                result.remove(field);
            } else if (value.isArray() && MERGE_KEYS.containsKey(field) && result.get(field) instanceof ArrayNode old) {
                result.set(field, mergeList(old, (ArrayNode) value, MERGE_KEYS.get(field)));
            } else if (value.isArray() && MERGED_SCALAR_LISTS.contains(field) && result.get(field) instanceof ArrayNode old) {
                ArrayNode merged = old.deepCopy();
                value.forEach(v -> {
                    if (!contains(merged, v)) {
                        merged.add(v);
                    }
                });
                result.set(field, merged);
            } else if (value.isArray() && MERGE_KEYS.containsKey(field)) {
                ArrayNode fresh = ((ArrayNode) value).arrayNode();
                value.forEach(v -> {
                    if (!"delete".equals(v.path("$patch").asText())) {
                        fresh.add(stripDirectives(v));
                    }
                });
                result.set(field, fresh);
            } else if (value.isObject()) {
                result.set(field, strategicMergePatch(result.path(field), value));
            } else {
                result.set(field, value.deepCopy());
            }
        }
        return result;
    }

    private static ArrayNode mergeList(ArrayNode old, ArrayNode patch, List<String> keyCandidates) {
        List<JsonNode> merged = new ArrayList<>();
        old.forEach(merged::add);
        for (JsonNode element : patch) {
            String key = keyCandidates.stream().filter(element::has).findFirst().orElse(null);
            if (key == null) {
                merged.add(stripDirectives(element));
                continue;
            }
            JsonNode id = element.get(key);
            int at = -1;
            for (int i = 0; i < merged.size(); i++) {
                if (id.equals(merged.get(i).get(key))) {
                    at = i;
                    break;
                }
            }
            boolean delete = "delete".equals(element.path("$patch").asText());
            if (delete) {
                if (at >= 0) {
                    merged.remove(at);
                }
            } else if (at >= 0) {
                merged.set(at, strategicMergePatch(merged.get(at), element));
            } else {
                merged.add(stripDirectives(element));
            }
        }
        ArrayNode result = old.arrayNode();
        merged.forEach(result::add);
        return result;
    }

    private static JsonNode stripDirectives(JsonNode node) {
        return node instanceof ObjectNode ? strategicMergePatch(Json.object(), node) : node.deepCopy();
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode v : array) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 6902: add, remove, replace, move, copy, test; paths are JSON pointers. */
    public static JsonNode jsonPatch(JsonNode target, JsonNode operations) {
        if (!operations.isArray()) {
            throw ApiException.badRequest("a json-patch body must be an array of operations");
        }
        JsonNode doc = target.deepCopy();
        for (JsonNode op : operations) {
            String path = op.path("path").asText();
            switch (op.path("op").asText()) {
                case "add" -> doc = add(doc, path, op.get("value").deepCopy());
                case "remove" -> {
                    get(doc, path);
                    doc = remove(doc, path);
                }
                case "replace" -> {
                    get(doc, path);
                    doc = add(remove(doc, path), path, op.get("value").deepCopy());
                }
                case "move" -> {
                    JsonNode value = get(doc, op.path("from").asText());
                    doc = add(remove(doc, op.path("from").asText()), path, value);
                }
                case "copy" -> doc = add(doc, path, get(doc, op.path("from").asText()).deepCopy());
                case "test" -> {
                    if (!get(doc, path).equals(op.get("value"))) {
                        throw new ApiException(422, "Invalid", "json-patch test failed at " + path);
                    }
                }
                default -> throw ApiException.badRequest("json-patch op must be add, remove, replace, move, copy or "
                        + "test, got '" + op.path("op").asText() + "'");
            }
        }
        return doc;
    }

    private static List<String> tokens(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (!pointer.startsWith("/")) {
            throw ApiException.badRequest("json-patch path must start with '/', got '" + pointer + "'");
        }
        for (String t : pointer.substring(1).split("/", -1)) {
            tokens.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static JsonNode get(JsonNode doc, String pointer) {
        JsonNode node = doc;
        for (String t : tokens(pointer)) {
            node = node.isArray() ? node.path(index(t, node.size())) : node.path(t);
            if (node.isMissingNode()) {
                throw new ApiException(422, "Invalid", "json-patch path " + pointer + " does not exist");
            }
        }
        return node;
    }

    private static JsonNode add(JsonNode doc, String pointer, JsonNode value) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            return value;
        }
        JsonNode parent = doc;
        for (String t : tokens.subList(0, tokens.size() - 1)) {
            parent = parent.isArray() ? parent.path(index(t, parent.size())) : parent.path(t);
        }
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ArrayNode array) {
            if (last.equals("-")) {
                array.add(value);
            } else {
                array.insert(index(last, array.size() + 1), value);
            }
        } else if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            throw new ApiException(422, "Invalid", "json-patch path " + pointer + ": parent does not exist");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String pointer) {
        List<String> tokens = tokens(pointer);
        JsonNode parent = doc;
        for (String t : tokens.subList(0, tokens.size() - 1)) {
            parent = parent.isArray() ? parent.path(index(t, parent.size())) : parent.path(t);
        }
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ArrayNode array) {
            array.remove(index(last, array.size()));
        } else if (parent instanceof ObjectNode object) {
            object.remove(last);
        }
        return doc;
    }

    private static int index(String token, int size) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i >= size) {
                throw new ApiException(422, "Invalid", "json-patch index " + token + " out of range");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ApiException(422, "Invalid", "json-patch array index expected, got '" + token + "'");
        }
    }
}
