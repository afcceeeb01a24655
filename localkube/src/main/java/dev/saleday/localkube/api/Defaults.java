package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/** Kubernetes' defaulting for the fields the controllers and kubelet read, so they can rely on them being set. */
final class Defaults {

    private Defaults() {
    }

    /** Create-only defaults: a pod starts Pending, a Service gets a cluster IP, Secret stringData becomes data. */
    static void onCreate(ResourceType type, ObjectNode object, Supplier<String> clusterIp) {
        switch (type.kind()) {
            case "Pod" -> {
                ObjectNode status = object.putObject("status");
                status.put("phase", "Pending");
                status.put("qosClass", qosClass(object.path("spec")));
                defaultTolerations(spec(object));
            }
            case "Namespace" -> {
                ObjectNode status = object.has("status") ? (ObjectNode) object.get("status") : object.putObject("status");
                status.put("phase", "Active");
            }
            case "Service" -> {
                ObjectNode spec = spec(object);
                if (!spec.has("clusterIP") && !"ExternalName".equals(spec.path("type").asText())) {
                    String ip = clusterIp.get();
                    spec.put("clusterIP", ip);
                    spec.putArray("clusterIPs").add(ip);
                }
            }
            case "Secret" -> {
                if (object.get("stringData") instanceof ObjectNode stringData) {
                    ObjectNode data = object.has("data") ? (ObjectNode) object.get("data") : object.putObject("data");
                    stringData.properties().forEach(e -> data.put(e.getKey(), Base64.getEncoder()
                            .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
                    object.remove("stringData");
                }
                if (!object.has("type")) {
                    object.put("type", "Opaque");
                }
            }
            default -> {
            }
        }
    }

    /** Defaults applied on every write of the main resource. */
    static void apply(ResourceType type, ObjectNode object) {
        switch (type.kind()) {
            case "Pod" -> podSpec(spec(object));
            case "Service" -> {
                ObjectNode spec = spec(object);
                putIfAbsent(spec, "type", "ClusterIP");
                putIfAbsent(spec, "sessionAffinity", "None");
                for (JsonNode port : spec.path("ports")) {
                    ObjectNode p = (ObjectNode) port;
                    putIfAbsent(p, "protocol", "TCP");
                    if (!p.has("targetPort")) {
                        p.set("targetPort", p.get("port"));
                    }
                }
            }
            case "Deployment" -> {
                ObjectNode spec = spec(object);
                if (!spec.has("replicas")) {
                    spec.put("replicas", 1);
                }
                if (!spec.has("revisionHistoryLimit")) {
                    spec.put("revisionHistoryLimit", 10);
                }
                if (!spec.has("progressDeadlineSeconds")) {
                    spec.put("progressDeadlineSeconds", 600);
                }
                ObjectNode strategy = spec.has("strategy") ? (ObjectNode) spec.get("strategy") : spec.putObject("strategy");
                putIfAbsent(strategy, "type", "RollingUpdate");
                if (strategy.path("type").asText().equals("RollingUpdate")) {
                    ObjectNode rolling = strategy.has("rollingUpdate") ? (ObjectNode) strategy.get("rollingUpdate")
                            : strategy.putObject("rollingUpdate");
                    putIfAbsent(rolling, "maxUnavailable", "25%");
                    putIfAbsent(rolling, "maxSurge", "25%");
                }
                podTemplate(spec);
            }
            case "ReplicaSet", "StatefulSet" -> {
                ObjectNode spec = spec(object);
                if (!spec.has("replicas")) {
                    spec.put("replicas", 1);
                }
                podTemplate(spec);
            }
            default -> {
            }
        }
    }

    private static void podTemplate(ObjectNode spec) {
        if (spec.path("template").get("spec") instanceof ObjectNode podSpec) {
            podSpec(podSpec);
        }
    }

    private static void podSpec(ObjectNode spec) {
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        }
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                ObjectNode container = (ObjectNode) c;
                String image = container.path("image").asText("");
                putIfAbsent(container, "imagePullPolicy", image.endsWith(":latest") || !image.contains(":")
                        ? "Always" : "IfNotPresent");
                putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
                for (JsonNode port : container.path("ports")) {
                    putIfAbsent((ObjectNode) port, "protocol", "TCP");
                }
                for (String probe : new String[] {"readinessProbe", "livenessProbe", "startupProbe"}) {
                    if (container.get(probe) instanceof ObjectNode p) {
                        putIfAbsent(p, "periodSeconds", 10);
                        putIfAbsent(p, "timeoutSeconds", 1);
                        putIfAbsent(p, "successThreshold", 1);
                        putIfAbsent(p, "failureThreshold", 3);
                        if (p.get("httpGet") instanceof ObjectNode http) {
                            putIfAbsent(http, "scheme", "HTTP");
                            putIfAbsent(http, "path", "/");
                        }
                    }
                }
            }
        }
    }

    /** The taints the node lifecycle controller puts on a node that is not Ready or stopped reporting. */
    static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
    /** The DefaultTolerationSeconds admission plugin's default for both taints (its flags' default: 300). */
    static final long DEFAULT_TOLERATION_SECONDS = 300;

    /**
     * As the DefaultTolerationSeconds admission plugin: a pod that tolerates neither taint with effect NoExecute gets
     * {@code {key, operator: Exists, effect: NoExecute, tolerationSeconds: 300}} for each, so it is evicted 5 minutes
     * after its node goes NotReady or unreachable. A pod that sets its own toleration (a shorter tolerationSeconds,
     * say) keeps it.
     */
    private static void defaultTolerations(ObjectNode spec) {
        for (String key : new String[] {NOT_READY_TAINT, UNREACHABLE_TAINT}) {
            boolean tolerated = false;
            for (JsonNode t : spec.path("tolerations")) {
                String effect = t.path("effect").asText("");
                String tKey = t.path("key").asText("");
                boolean exists = "Exists".equals(t.path("operator").asText("Equal"));
                if ((effect.isEmpty() || effect.equals("NoExecute")) && (tKey.equals(key) || (tKey.isEmpty() && exists))) {
                    tolerated = true;
                }
            }
            if (!tolerated) {
                com.fasterxml.jackson.databind.node.ArrayNode tolerations = spec.get("tolerations")
                        instanceof com.fasterxml.jackson.databind.node.ArrayNode a ? a : spec.putArray("tolerations");
                ObjectNode t = tolerations.addObject();
                t.put("key", key);
                t.put("operator", "Exists");
                t.put("effect", "NoExecute");
                t.put("tolerationSeconds", DEFAULT_TOLERATION_SECONDS);
            }
        }
    }

    private static String qosClass(JsonNode podSpec) {
        boolean any = false;
        boolean guaranteed = true;
        for (JsonNode container : podSpec.path("containers")) {
            JsonNode resources = container.path("resources");
            JsonNode requests = resources.path("requests");
            JsonNode limits = resources.path("limits");
            any |= !requests.isEmpty() || !limits.isEmpty();
            for (String r : new String[] {"cpu", "memory"}) {
                JsonNode limit = limits.get(r);
                JsonNode request = requests.has(r) ? requests.get(r) : limit;
                guaranteed &= limit != null && limit.equals(request);
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static ObjectNode spec(ObjectNode object) {
        return object.get("spec") instanceof ObjectNode spec ? spec : object.putObject("spec");
    }

    private static void putIfAbsent(ObjectNode node, String field, String value) {
        if (!node.has(field)) {
            node.put(field, value);
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, int value) {
        if (!node.has(field)) {
            node.put(field, value);
        }
    }
}
