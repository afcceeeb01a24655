package dev.saleday.localkube.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.Json;
import dev.saleday.localkube.api.ResourceType;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side printing: what {@code kubectl get} asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io, ...}. A {@code meta.k8s.io/v1 Table} has the kind's
 * column definitions (priority 1 = {@code -o wide} only) and one row per object, each row carrying the object's
 * metadata ({@code includeObject=Metadata}, the default), the whole object ({@code Object}) or nothing ({@code None}).
 * Kinds without a printer of their own get NAME and AGE.
 */
public final class Tables {

    private static final Printer DEFAULT = new KindPrinter(List.of(Column.objectName(), Column.age()),
            (object, now) -> List.of(KindPrinter.name(object), KindPrinter.age(object, now)));

    private static final Map<String, Printer> PRINTERS = Map.ofEntries(
            Map.entry("/pods", new PodPrinter()),
            Map.entry("/services", CorePrinters.services()),
            Map.entry("/endpoints", CorePrinters.endpoints()),
            Map.entry("/nodes", CorePrinters.nodes()),
            Map.entry("/events", CorePrinters.events()),
            Map.entry("/configmaps", CorePrinters.configMaps()),
            Map.entry("/secrets", CorePrinters.secrets()),
            Map.entry("/namespaces", CorePrinters.namespaces()),
            Map.entry("apps/deployments", WorkloadPrinters.deployments()),
            Map.entry("apps/replicasets", WorkloadPrinters.replicaSets()),
            Map.entry("batch/jobs", WorkloadPrinters.jobs()),
            Map.entry("autoscaling/horizontalpodautoscalers", WorkloadPrinters.horizontalPodAutoscalers()),
            Map.entry("policy/poddisruptionbudgets", WorkloadPrinters.podDisruptionBudgets()));

    private Tables() {
    }

    /**
     * The Table version an Accept header asks for ({@code v1} or {@code v1beta1}), when its first media type that
     * localkube can give is a Table.
     */
    public static Optional<String> requested(String accept) {
        if (accept == null) {
            return Optional.empty();
        }
        for (String media : accept.split(",")) {
            String[] parts = media.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!type.equals("application/json") && !type.equals("*/*") && !type.equals("application/*")) {
                continue;
            }
            String as = null;
            String version = null;
            String group = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].trim().split("=", 2);
                if (kv.length == 2) {
                    switch (kv[0].trim()) {
                        case "as" -> as = kv[1].trim();
                        case "v" -> version = kv[1].trim();
                        case "g" -> group = kv[1].trim();
                        default -> {
                        }
                    }
                }
            }
            if (as == null) {
                return Optional.empty();
            }
            if (as.equals("Table") && "meta.k8s.io".equals(group)
                    && ("v1".equals(version) || "v1beta1".equals(version))) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /**
     * @param objectOrList  one object or a {@code *List} of them, as the API would have answered
     * @param tableVersion  {@code v1} or {@code v1beta1}
     * @param includeObject {@code None}, {@code Metadata} (null means this) or {@code Object}
     */
    public static ObjectNode table(ResourceType type, JsonNode objectOrList, String tableVersion, String includeObject,
                                   Instant now) {
        Printer printer = PRINTERS.getOrDefault(type.group() + "/" + type.plural(), DEFAULT);
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/" + tableVersion);
        ObjectNode metadata = table.putObject("metadata");
        boolean list = objectOrList.has("items");
        if (list) {
            JsonNode listMeta = objectOrList.path("metadata");
            metadata.put("resourceVersion", listMeta.path("resourceVersion").asText(""));
            if (listMeta.has("continue")) {
                metadata.put("continue", listMeta.get("continue").asText());
            }
        } else {
            metadata.put("resourceVersion", objectOrList.path("metadata").path("resourceVersion").asText(""));
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        for (Column column : printer.columns()) {
            ObjectNode definition = columns.addObject();
            definition.put("name", column.name());
            definition.put("type", column.type());
            definition.put("format", column.format());
            definition.put("description", column.description());
            definition.put("priority", column.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : list ? objectOrList.get("items") : List.of(objectOrList)) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : printer.cells(object, now)) {
                if (cell instanceof Long number) {
                    cells.add(number);
                } else if (cell instanceof Boolean flag) {
                    cells.add(flag);
                } else {
                    cells.add(String.valueOf(cell));
                }
            }
            String include = includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject;
            switch (include) {
                case "None" -> {
                }
                case "Object" -> row.set("object", withKind(type, object));
                default -> {
                    ObjectNode partial = row.putObject("object");
                    partial.put("kind", "PartialObjectMetadata");
                    partial.put("apiVersion", "meta.k8s.io/v1");
                    partial.set("metadata", object.path("metadata").deepCopy());
                }
            }
        }
        return table;
    }

    private static JsonNode withKind(ResourceType type, JsonNode object) {
        if (object.has("kind") || !(object instanceof ObjectNode node)) {
            return object;
        }
        ObjectNode copy = node.deepCopy();
        copy.put("kind", type.kind());
        copy.put("apiVersion", type.apiVersion());
        return copy;
    }
}
