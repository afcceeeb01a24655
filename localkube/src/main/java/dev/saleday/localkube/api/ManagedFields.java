package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code metadata.managedFields} as the API server keeps them (k8s.io/apiserver pkg/endpoints/handlers/fieldmanager,
 * sigs.k8s.io/structured-merge-diff): for each manager and operation ({@code Apply}, or {@code Update} with the
 * apiVersion and subresource it wrote through) the set of fields it owns, as {@code FieldsV1}. An update gives its
 * manager the fields whose value it changed and takes them from every other manager; an apply gives its manager
 * exactly the fields of its configuration, and refuses (409) to change a field another manager owns unless forced.
 *
 * <p>The field set is read generically from the JSON tree: objects are walked by field ({@code f:NAME}); a list of
 * objects that all carry {@code name} (or {@code containerPort}, or {@code port}) is a map keyed by it
 * ({@code k:{"name":"web"}}), as Kubernetes' schemas key containers, env, volumes and ports; any other list, and an
 * empty object, is one field. What Kubernetes strips is left out: apiVersion, kind, the server-set metadata, and
 * {@code status} for writes to the object itself.
 */
final class ManagedFields {

    private static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "creationTimestamp", "selfLink",
            "uid", "generation", "managedFields", "resourceVersion", "deletionTimestamp",
            "deletionGracePeriodSeconds");

    private ManagedFields() {
    }

    /** One owner of fields, as the API server identifies it (the time is not part of it). */
    record Manager(String manager, String operation, String apiVersion, String subresource) {

        /** As the API server names a manager in a conflict ({@code fieldmanager.printManager}). */
        String printed() {
            String printed = "\"" + manager + "\"";
            if (!subresource.isEmpty()) {
                printed += " with subresource \"" + subresource + "\"";
            }
            return operation.equals("Update") ? printed + " using " + apiVersion : printed;
        }

        boolean sameAs(Manager other) {
            return manager.equals(other.manager) && operation.equals(other.operation)
                    && subresource.equals(other.subresource)
                    && (operation.equals("Apply") || apiVersion.equals(other.apiVersion));
        }
    }

    /** A field another manager owns with another value than the applied one. */
    record Conflict(Manager owner, List<String> path) {
    }

    /** The leaf fields of {@code object} and their values; {@code status} only, or all but status. */
    static Map<List<String>, JsonNode> fields(JsonNode object, boolean statusOnly) {
        Map<List<String>, JsonNode> fields = new LinkedHashMap<>();
        if (!(object instanceof ObjectNode root)) {
            return fields;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("apiVersion") || name.equals("kind") || name.equals("status") != statusOnly) {
                continue;
            }
            if (name.equals("metadata") && field.getValue() instanceof ObjectNode metadata) {
                ObjectNode kept = metadata.deepCopy();
                kept.remove(SERVER_METADATA);
                walk(List.of("f:metadata"), kept, fields);
            } else {
                walk(List.of("f:" + name), field.getValue(), fields);
            }
        }
        return fields;
    }

    private static void walk(List<String> path, JsonNode value, Map<List<String>, JsonNode> fields) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value instanceof ObjectNode object && !object.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(append(path, "f:" + field.getKey()), field.getValue(), fields);
            }
            return;
        }
        if (value instanceof ArrayNode array && !array.isEmpty() && keyOf(array) != null) {
            List<String> key = keyOf(array);
            for (JsonNode element : array) {
                ObjectNode keyFields = Json.object();
                for (String k : key) {
                    JsonNode keyValue = element.get(k);
                    if (keyValue != null) {
                        keyFields.set(k, keyValue);
                    } else if (k.equals("protocol")) {
                        keyFields.put(k, "TCP");
                    }
                }
                List<String> elementPath = append(path, "k:" + Json.write(sorted(keyFields)));
                fields.put(append(elementPath, "."), Json.object());
                walk(elementPath, element, fields);
            }
            return;
        }
        fields.put(path, value);
    }

    /** The key of a list of objects, or null for a list kept whole. */
    private static List<String> keyOf(ArrayNode array) {
        for (List<String> key : List.of(List.of("name"), List.of("containerPort", "protocol"),
                List.of("port", "protocol"))) {
            boolean all = true;
            for (JsonNode element : array) {
                if (!(element instanceof ObjectNode) || !element.has(key.get(0))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return key;
            }
        }
        return null;
    }

    private static ObjectNode sorted(ObjectNode object) {
        ObjectNode sorted = Json.object();
        new TreeMap<String, JsonNode>(Map.ofEntries(iterable(object))).forEach(sorted::set);
        return sorted;
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<String, JsonNode>[] iterable(ObjectNode object) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        object.fields().forEachRemaining(entries::add);
        return entries.toArray(new Map.Entry[0]);
    }

    private static List<String> append(List<String> path, String element) {
        List<String> longer = new ArrayList<>(path);
        longer.add(element);
        return List.copyOf(longer);
    }

    /** A path as the API server prints it: {@code .spec.template.spec.containers[name="web"].image}. */
    static String printed(List<String> path) {
        StringBuilder out = new StringBuilder();
        for (String element : path) {
            if (element.equals(".")) {
                continue;
            }
            if (element.startsWith("f:")) {
                out.append('.').append(element.substring(2));
            } else if (element.startsWith("k:")) {
                JsonNode key = Json.parseObject(element.substring(2));
                List<String> parts = new ArrayList<>();
                key.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().toString()));
                out.append('[').append(String.join(",", parts)).append(']');
            }
        }
        return out.toString();
    }

    /** The managers and their field sets, in the object's order. */
    static Map<Manager, Set<List<String>>> read(JsonNode object) {
        Map<Manager, Set<List<String>>> managers = new LinkedHashMap<>();
        for (JsonNode entry : object.path("metadata").path("managedFields")) {
            Manager manager = new Manager(entry.path("manager").asText(""), entry.path("operation").asText("Update"),
                    entry.path("apiVersion").asText(""), entry.path("subresource").asText(""));
            Set<List<String>> paths = new LinkedHashSet<>();
            collect(List.of(), entry.path("fieldsV1"), paths);
            managers.put(manager, paths);
        }
        return managers;
    }

    private static void collect(List<String> path, JsonNode node, Set<List<String>> paths) {
        if (!(node instanceof ObjectNode object) || object.isEmpty()) {
            if (!path.isEmpty()) {
                paths.add(path);
            }
            return;
        }
        object.fields().forEachRemaining(e -> collect(append(path, e.getKey()), e.getValue(), paths));
    }

    /** Writes {@code managers} into {@code object}'s metadata (empty sets dropped), times from {@code times}. */
    static void write(ObjectNode object, Map<Manager, Set<List<String>>> managers, Map<Manager, String> times) {
        ArrayNode entries = Json.metadata(object).putArray("managedFields");
        managers.forEach((manager, paths) -> {
            if (paths.isEmpty()) {
                return;
            }
            ObjectNode entry = entries.addObject();
            entry.put("manager", manager.manager());
            entry.put("operation", manager.operation());
            entry.put("apiVersion", manager.apiVersion());
            if (times.get(manager) != null) {
                entry.put("time", times.get(manager));
            }
            entry.put("fieldsType", "FieldsV1");
            ObjectNode tree = entry.putObject("fieldsV1");
            for (List<String> path : paths) {
                ObjectNode node = tree;
                for (String element : path) {
                    node = node.get(element) instanceof ObjectNode child ? child : node.putObject(element);
                }
            }
            if (!manager.subresource().isEmpty()) {
                entry.put("subresource", manager.subresource());
            }
        });
        if (entries.isEmpty()) {
            Json.metadata(object).remove("managedFields");
        }
    }

    private static Map<Manager, String> times(JsonNode object) {
        Map<Manager, String> times = new LinkedHashMap<>();
        for (JsonNode entry : object.path("metadata").path("managedFields")) {
            times.put(new Manager(entry.path("manager").asText(""), entry.path("operation").asText("Update"),
                    entry.path("apiVersion").asText(""), entry.path("subresource").asText("")),
                    entry.path("time").asText(null));
        }
        return times;
    }

    /**
     * An update by {@code writer}: it owns the fields whose value it changed (all of them on create), no one else
     * does; with nothing changed the entries stay as they were, times too. {@code after}'s own managedFields, when
     * the client sent some, are the starting point, as the API server takes them.
     */
    static void recordUpdate(ObjectNode before, ObjectNode after, Manager writer, boolean statusOnly, Instant now) {
        JsonNode base = after.path("metadata").path("managedFields").isEmpty() || before == null
                ? before : after;
        Map<Manager, Set<List<String>>> managers = base == null ? new LinkedHashMap<>() : read(base);
        Map<Manager, String> times = base == null ? new LinkedHashMap<>() : times(base);
        Map<List<String>, JsonNode> old = before == null ? Map.of() : fields(before, statusOnly);
        Map<List<String>, JsonNode> current = fields(after, statusOnly);
        Set<List<String>> changed = new LinkedHashSet<>();
        current.forEach((path, value) -> {
            if (!value.equals(old.get(path))) {
                changed.add(path);
            }
        });
        Set<List<String>> removed = new LinkedHashSet<>(old.keySet());
        removed.removeAll(current.keySet());
        if (changed.isEmpty() && removed.isEmpty()) {
            if (base != null) {
                write(after, managers, times);
            }
            return;
        }
        Manager own = managers.keySet().stream().filter(m -> m.sameAs(writer)).findFirst().orElse(writer);
        for (Map.Entry<Manager, Set<List<String>>> entry : managers.entrySet()) {
            entry.getValue().removeAll(changed);
            entry.getValue().removeAll(removed);
        }
        managers.remove(own);
        Set<List<String>> owned = base == null ? new LinkedHashSet<>() : read(base).getOrDefault(own, Set.of())
                .stream().filter(p -> !removed.contains(p)).collect(java.util.stream.Collectors.toCollection(
                        LinkedHashSet::new));
        owned.addAll(changed);
        managers.put(writer, owned);
        times.remove(own);
        times.put(writer, Json.timestamp(now));
        write(after, managers, times);
    }

    /** The fields of {@code config} that other managers own in {@code live} with another value. */
    static List<Conflict> conflicts(ObjectNode live, ObjectNode config, Manager applier) {
        Map<List<String>, JsonNode> liveFields = fields(live, false);
        Map<List<String>, JsonNode> applied = fields(config, false);
        List<Conflict> conflicts = new ArrayList<>();
        read(live).forEach((manager, paths) -> {
            if (manager.sameAs(applier)) {
                return;
            }
            for (List<String> path : paths) {
                JsonNode value = applied.get(path);
                if (value != null && liveFields.containsKey(path) && !value.equals(liveFields.get(path))
                        && !path.get(path.size() - 1).equals(".")) {
                    conflicts.add(new Conflict(manager, path));
                }
            }
        });
        return conflicts;
    }

    /** The 409 the API server answers (fieldmanager.NewConflictError). */
    static ApiException conflictError(List<Conflict> conflicts) {
        String message;
        if (conflicts.size() == 1) {
            message = "Apply failed with 1 conflict: conflict with " + conflicts.get(0).owner().printed() + ": "
                    + printed(conflicts.get(0).path());
        } else {
            Map<String, List<String>> byManager = new TreeMap<>();
            for (Conflict conflict : conflicts) {
                byManager.computeIfAbsent(conflict.owner().printed(), k -> new ArrayList<>())
                        .add(printed(conflict.path()));
            }
            List<String> lines = new ArrayList<>();
            byManager.forEach((manager, paths) -> {
                lines.add("conflicts with " + manager + ":");
                paths.forEach(path -> lines.add("- " + path));
            });
            message = "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
        }
        ObjectNode details = Json.object();
        ArrayNode causes = details.putArray("causes");
        for (Conflict conflict : conflicts) {
            ObjectNode cause = causes.addObject();
            cause.put("reason", "FieldManagerConflict");
            cause.put("message", "conflict with " + conflict.owner().printed());
            cause.put("field", printed(conflict.path()));
        }
        return new ApiException(409, "Conflict", message, details);
    }

    /**
     * After an apply by {@code applier} (forced past {@code conflicts} if any): it owns exactly the fields of its
     * configuration; the fields whose value the apply changed leave every other manager.
     */
    static void recordApply(ObjectNode before, ObjectNode after, ObjectNode config, Manager applier, Instant now) {
        Map<Manager, Set<List<String>>> managers = before == null ? new LinkedHashMap<>() : read(before);
        Map<Manager, String> times = before == null ? new LinkedHashMap<>() : times(before);
        Map<List<String>, JsonNode> old = before == null ? Map.of() : fields(before, false);
        Map<List<String>, JsonNode> current = fields(after, false);
        Set<List<String>> changed = new LinkedHashSet<>();
        current.forEach((path, value) -> {
            if (!value.equals(old.get(path))) {
                changed.add(path);
            }
        });
        Set<List<String>> applied = new LinkedHashSet<>(fields(config, false).keySet());
        managers.keySet().removeIf(m -> m.sameAs(applier));
        times.keySet().removeIf(m -> m.sameAs(applier));
        for (Set<List<String>> paths : managers.values()) {
            paths.removeAll(changed);
        }
        Map<Manager, Set<List<String>>> ordered = new LinkedHashMap<>();
        ordered.put(applier, applied);
        ordered.putAll(managers);
        times.put(applier, Json.timestamp(now));
        write(after, ordered, times);
    }
}
