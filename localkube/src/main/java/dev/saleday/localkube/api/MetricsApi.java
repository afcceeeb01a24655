package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.plan.LabelSelector;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code metrics.k8s.io/v1beta1} as metrics-server serves it behind its APIService: PodMetrics (per container; the
 * pod's CPU is measured for the pod as a whole, so in a pod of several containers the first carries it) and
 * NodeMetrics (the sum over the pods running on the node: localkube's nodes share one machine), read-only, lists
 * filtered by {@code labelSelector}. Only pods measured for a whole window appear, as with metrics-server.
 * {@code kubectl top pods} and {@code kubectl top nodes} read it.
 */
final class MetricsApi {

    static final String GROUP = "metrics.k8s.io";
    static final String VERSION = "v1beta1";
    private static final String BASE = "/apis/" + GROUP + "/" + VERSION;

    private final Store store;
    private final ResourceUsage usage;
    private final Clock clock;

    MetricsApi(Store store, ResourceUsage usage, Clock clock) {
        this.store = store;
        this.usage = usage;
        this.clock = clock;
    }

    static boolean matches(String path) {
        return path.equals("/apis/" + GROUP) || path.startsWith("/apis/" + GROUP + "/");
    }

    /** The group, as it appears in {@code /apis}. */
    static ObjectNode group() {
        ObjectNode group = Json.object();
        group.put("name", GROUP);
        ObjectNode version = group.putArray("versions").addObject();
        version.put("groupVersion", GROUP + "/" + VERSION);
        version.put("version", VERSION);
        group.set("preferredVersion", version.deepCopy());
        return group;
    }

    ApiResponse answer(ApiRequest request) {
        String path = request.path().endsWith("/") ? request.path().substring(0, request.path().length() - 1)
                : request.path();
        if (!request.method().equals("GET")) {
            throw new ApiException(405, "MethodNotAllowed", "the metrics API is read-only");
        }
        if (path.equals("/apis/" + GROUP)) {
            ObjectNode group = group();
            group.put("kind", "APIGroup");
            group.put("apiVersion", "v1");
            return ApiResponse.of(200, group);
        }
        if (path.equals(BASE)) {
            return ApiResponse.of(200, resources());
        }
        if (!path.startsWith(BASE + "/")) {
            throw ApiException.notFound(path);
        }
        String[] s = path.substring(BASE.length() + 1).split("/");
        LabelSelector selector = LabelSelectors.query(request.param("labelSelector"));
        if (s[0].equals("nodes") && s.length <= 2) {
            return s.length == 1 ? ApiResponse.of(200, list("NodeMetricsList", nodes(null, selector)))
                    : ApiResponse.of(200, nodes(s[1], LabelSelector.everything()).stream().findFirst()
                    .orElseThrow(() -> ApiException.notFound("nodemetrics.metrics.k8s.io \"" + s[1] + "\"")));
        }
        if (s[0].equals("pods") && s.length == 1) {
            return ApiResponse.of(200, list("PodMetricsList", pods(null, null, selector)));
        }
        if (s[0].equals("namespaces") && s.length >= 3 && s[2].equals("pods") && s.length <= 4) {
            if (s.length == 3) {
                return ApiResponse.of(200, list("PodMetricsList", pods(s[1], null, selector)));
            }
            return ApiResponse.of(200, pods(s[1], s[3], LabelSelector.everything()).stream().findFirst()
                    .orElseThrow(() -> ApiException.notFound("podmetrics.metrics.k8s.io \"" + s[1] + "/" + s[3] + "\"")));
        }
        throw ApiException.notFound(path);
    }

    private ObjectNode resources() {
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", GROUP + "/" + VERSION);
        ArrayNode resources = list.putArray("resources");
        for (String[] r : List.of(new String[]{"nodes", "NodeMetrics", "false"},
                new String[]{"pods", "PodMetrics", "true"})) {
            ObjectNode resource = resources.addObject();
            resource.put("name", r[0]);
            resource.put("singularName", "");
            resource.put("namespaced", Boolean.parseBoolean(r[2]));
            resource.put("kind", r[1]);
            resource.putArray("verbs").add("get").add("list");
        }
        return list;
    }

    private ObjectNode list(String kind, List<ObjectNode> items) {
        ObjectNode list = Json.object();
        list.put("kind", kind);
        list.put("apiVersion", GROUP + "/" + VERSION);
        list.putObject("metadata");
        ArrayNode array = list.putArray("items");
        items.forEach(array::add);
        return list;
    }

    /** A measured pod: its PodMetrics, and the node it runs on. */
    private record Measured(ObjectNode metrics, String node, double cpuMillicores, long memoryBytes) {
    }

    private List<ObjectNode> pods(String namespace, String name, LabelSelector selector) {
        return measure(namespace, name, selector).stream().map(Measured::metrics).toList();
    }

    private List<Measured> measure(String namespace, String name, LabelSelector selector) {
        ResourceType pods = ResourceTypes.require("", "pods");
        List<ObjectNode> candidates = name != null
                ? store.get(pods, namespace, name).map(List::of).orElse(List.of())
                : store.list(pods, namespace, selector, FieldSelector.parse(null), 0, null).items();
        List<Measured> measured = new ArrayList<>();
        String now = Json.timestamp(clock.instant());
        for (ObjectNode pod : candidates) {
            String ns = Json.namespace(pod);
            String podName = Json.name(pod);
            OptionalDouble cpu = usage.cpuMillicores(ns, podName);
            if (cpu.isEmpty() || !pod.path("status").path("phase").asText("").equals("Running")) {
                continue;
            }
            long memory = usage.memoryBytes(ns, podName).orElse(0);
            ObjectNode metrics = Json.object();
            metrics.put("kind", "PodMetrics");
            metrics.put("apiVersion", GROUP + "/" + VERSION);
            ObjectNode metadata = metrics.putObject("metadata");
            metadata.put("name", podName);
            metadata.put("namespace", ns);
            metadata.put("creationTimestamp", now);
            if (pod.path("metadata").has("labels")) {
                metadata.set("labels", pod.path("metadata").get("labels").deepCopy());
            }
            metrics.put("timestamp", now);
            metrics.put("window", usage.windowSeconds() + "s");
            ArrayNode containers = metrics.putArray("containers");
            boolean first = true;
            for (JsonNode container : pod.path("spec").path("containers")) {
                ObjectNode entry = containers.addObject();
                entry.put("name", container.path("name").asText());
                ObjectNode used = entry.putObject("usage");
                used.put("cpu", first ? nanocores(cpu.getAsDouble()) : "0");
                used.put("memory", first ? kibibytes(memory) : "0");
                first = false;
            }
            measured.add(new Measured(metrics, pod.path("spec").path("nodeName").asText(""), cpu.getAsDouble(),
                    memory));
        }
        return measured;
    }

    private List<ObjectNode> nodes(String name, LabelSelector selector) {
        Map<String, double[]> byNode = new LinkedHashMap<>();
        ResourceType nodes = ResourceTypes.require("", "nodes");
        List<ObjectNode> wanted = name != null ? store.get(nodes, null, name).map(List::of).orElse(List.of())
                : store.list(nodes, null, selector, FieldSelector.parse(null), 0, null).items();
        wanted.forEach(n -> byNode.put(Json.name(n), new double[2]));
        for (Measured pod : measure(null, null, LabelSelector.everything())) {
            double[] sum = byNode.get(pod.node());
            if (sum != null) {
                sum[0] += pod.cpuMillicores();
                sum[1] += pod.memoryBytes();
            }
        }
        String now = Json.timestamp(clock.instant());
        List<ObjectNode> items = new ArrayList<>();
        byNode.forEach((node, sum) -> {
            ObjectNode metrics = Json.object();
            metrics.put("kind", "NodeMetrics");
            metrics.put("apiVersion", GROUP + "/" + VERSION);
            ObjectNode metadata = metrics.putObject("metadata");
            metadata.put("name", node);
            metadata.put("creationTimestamp", now);
            metrics.put("timestamp", now);
            metrics.put("window", usage.windowSeconds() + "s");
            ObjectNode used = metrics.putObject("usage");
            used.put("cpu", nanocores(sum[0]));
            used.put("memory", kibibytes((long) sum[1]));
            items.add(metrics);
        });
        return items;
    }

    private static String nanocores(double millicores) {
        return Math.round(millicores * 1_000_000) + "n";
    }

    private static String kibibytes(long bytes) {
        return (bytes / 1024) + "Ki";
    }
}
