package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.logs.ContainerLogReader;
import dev.saleday.localkube.logs.LogSelection;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The API's semantics, apart from HTTP: CRUD on every served type, the status, scale, eviction, binding and log
 * subresources, the patch types, and watches. {@link ApiServer} turns HTTP into {@link ApiRequest}s.
 */
public final class ApiHandler {

    private final Store store;
    private final Evictions evictions;
    private final PodLogs podLogs;
    private final Clock clock;
    private final MetricsApi metrics;

    public ApiHandler(Store store, PodLogs podLogs, Clock clock) {
        this(store, podLogs, ResourceUsage.NONE, clock);
    }

    public ApiHandler(Store store, PodLogs podLogs, ResourceUsage usage, Clock clock) {
        this.store = store;
        this.evictions = new Evictions(store);
        this.podLogs = podLogs;
        this.clock = clock;
        this.metrics = new MetricsApi(store, usage, clock);
    }

    public Store store() {
        return store;
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            if (MetricsApi.matches(request.path())) {
                return metrics.answer(request);
            }
            Optional<ObjectNode> discovery = request.method().equals("GET")
                    ? Discovery.answer(request.path()).or(() -> OpenApi.answer(request.path())) : Optional.empty();
            if (discovery.isPresent()) {
                return ApiResponse.of(200, discovery.get());
            }
            if (request.path().equals("/healthz") || request.path().equals("/readyz") || request.path().equals("/livez")) {
                return ApiResponse.text("ok");
            }
            ApiPath path = ApiPath.parse(request.path());
            if (HpaV1.served(path.type())) {
                return autoscalingV1(request, path);
            }
            return path.subresource() == null ? main(request, path) : subresource(request, path);
        } catch (ApiException e) {
            return ApiResponse.error(e);
        } catch (RuntimeException e) {
            return ApiResponse.error(new ApiException(500, "InternalError", String.valueOf(e)));
        }
    }

    /** autoscaling/v1 HorizontalPodAutoscalers: the v2 objects, converted on the way in and out. */
    private ApiResponse autoscalingV1(ApiRequest request, ApiPath path) {
        ApiPath stored = new ApiPath(HpaV1.STORED, path.namespace(), path.name(), path.subresource(), path.legacyWatch());
        Store.Part part = path.subresource() == null ? Store.Part.MAIN : Store.Part.STATUS;
        ApiResponse answer;
        switch (request.method()) {
            case "POST", "PUT" -> {
                ObjectNode current = path.name() == null ? null
                        : store.get(HpaV1.STORED, path.namespace(), path.name()).orElse(null);
                ApiRequest converted = new ApiRequest(request.method(), request.path(), request.query(),
                        "application/json", Json.write(HpaV1.toV2(body(request), current)));
                answer = path.subresource() == null ? main(converted, stored) : subresource(converted, stored);
            }
            case "PATCH" -> answer = contentType(request).equals("application/apply-patch+yaml")
                    && store.get(HpaV1.STORED, path.namespace(), path.name()).isEmpty()
                    ? patch(new ApiRequest("PATCH", request.path(), request.query(), "application/apply-patch+yaml",
                            Json.write(HpaV1.toV2(body(request), null))), stored, part)
                    : ApiResponse.of(200, store.modify(HpaV1.STORED, path.namespace(), path.name(), part,
                    current -> {
                        JsonNode patched = applyPatch(request, (ObjectNode) HpaV1.toV1(current));
                        if (!(patched instanceof ObjectNode object)) {
                            throw ApiException.badRequest("the patch did not produce an object");
                        }
                        return HpaV1.toV2(object, current);
                    }));
            default -> answer = path.subresource() == null ? main(request, stored) : subresource(request, stored);
        }
        return answer.json() == null ? answer : ApiResponse.of(answer.code(), HpaV1.toV1(answer.json()));
    }

    /** Opens a watch on the path of {@code request}; the caller cancels it through the store when the client goes. */
    public Watch openWatch(ApiRequest request, WatchSink sink) {
        ApiPath path = ApiPath.parse(request.path());
        if (HpaV1.served(path.type())) {
            WatchSink v2 = sink;
            sink = new WatchSink() {
                @Override
                public void send(String type, JsonNode object) {
                    v2.send(type, HpaV1.toV1(object));
                }

                @Override
                public void end() {
                    v2.end();
                }
            };
            path = new ApiPath(HpaV1.STORED, path.namespace(), path.name(), null, path.legacyWatch());
        }
        if (path.subresource() != null) {
            throw ApiException.badRequest("cannot watch a subresource");
        }
        FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"));
        if (path.name() != null) {
            fields = FieldSelector.parse(join(request.param("fieldSelector"), "metadata.name=" + path.name()));
        }
        return store.watch(path.type(), path.namespace(), LabelSelectors.query(request.param("labelSelector")), fields,
                request.param("resourceVersion"), sink);
    }

    private static String join(String a, String b) {
        return a == null || a.isBlank() ? b : a + "," + b;
    }

    private ApiResponse main(ApiRequest request, ApiPath path) {
        ResourceType type = path.type();
        if (type.plural().equals("bindings")) {
            if (!request.method().equals("POST") || path.name() != null) {
                throw new ApiException(405, "MethodNotAllowed", "bindings can only be created");
            }
            ObjectNode binding = body(request);
            bind(path.namespace(), Json.name(binding), binding);
            return ApiResponse.of(201, binding);
        }
        if (path.name() == null) {
            return switch (request.method()) {
                case "GET" -> ApiResponse.of(200, list(request, path));
                case "POST" -> {
                    ObjectNode body = body(request);
                    checkKind(type, body);
                    List<String> warnings = FieldValidation.check(type, body, FieldValidation.mode(request));
                    if (dryRun(request)) {
                        yield ApiResponse.of(201, body).withWarnings(warnings);
                    }
                    yield ApiResponse.of(201, store.create(type, path.namespace(), body,
                            updates(request, type, "", false))).withWarnings(warnings);
                }
                case "DELETE" -> {
                    ObjectNode list = list(request, path);
                    DeleteOptions options = DeleteOptions.of(request);
                    for (JsonNode item : list.path("items")) {
                        store.delete(type, Json.namespace(item), Json.name(item), options.gracePeriodSeconds(),
                                options.propagationPolicy(), null);
                    }
                    yield ApiResponse.of(200, list);
                }
                default -> throw new ApiException(405, "MethodNotAllowed", request.method() + " is not allowed on a collection");
            };
        }
        return switch (request.method()) {
            case "GET" -> ApiResponse.of(200, store.require(type, path.namespace(), path.name()));
            case "PUT" -> {
                ObjectNode body = body(request);
                checkKind(type, body);
                List<String> warnings = FieldValidation.check(type, body, FieldValidation.mode(request));
                yield ApiResponse.of(200, store.update(type, path.namespace(), path.name(), body, Store.Part.MAIN,
                        updates(request, type, "", false))).withWarnings(warnings);
            }
            case "PATCH" -> patch(request, path, Store.Part.MAIN);
            case "DELETE" -> {
                DeleteOptions options = DeleteOptions.of(request);
                ObjectNode after = store.delete(type, path.namespace(), path.name(), options.gracePeriodSeconds(),
                        options.propagationPolicy(), options.preconditionUid());
                yield ApiResponse.of(200, after);
            }
            default -> throw new ApiException(405, "MethodNotAllowed", request.method() + " is not allowed on an object");
        };
    }

    private ObjectNode list(ApiRequest request, ApiPath path) {
        int limit = request.param("limit") == null ? 0 : Integer.parseInt(request.param("limit"));
        String after = request.param("continue") == null || request.param("continue").isEmpty() ? null
                : new String(Base64.getUrlDecoder().decode(request.param("continue")), StandardCharsets.UTF_8);
        Store.ListResult result = store.list(path.type(), path.namespace(),
                LabelSelectors.query(request.param("labelSelector")), FieldSelector.parse(request.param("fieldSelector")),
                limit, after);
        ObjectNode list = Json.object();
        list.put("kind", path.type().listKind());
        list.put("apiVersion", path.type().apiVersion());
        ObjectNode metadata = list.putObject("metadata");
        metadata.put("resourceVersion", Long.toString(result.resourceVersion()));
        if (result.continueToken() != null) {
            metadata.put("continue", Base64.getUrlEncoder().encodeToString(
                    result.continueToken().getBytes(StandardCharsets.UTF_8)));
        }
        ArrayNode items = list.putArray("items");
        result.items().forEach(items::add);
        return list;
    }

    private ApiResponse subresource(ApiRequest request, ApiPath path) {
        ResourceType type = path.type();
        String method = request.method();
        switch (path.subresource()) {
            case "status" -> {
                return switch (method) {
                    case "GET" -> ApiResponse.of(200, store.require(type, path.namespace(), path.name()));
                    case "PUT" -> ApiResponse.of(200, store.update(type, path.namespace(), path.name(), body(request),
                            Store.Part.STATUS, updates(request, type, "status", true)));
                    case "PATCH" -> patch(request, path, Store.Part.STATUS);
                    default -> throw new ApiException(405, "MethodNotAllowed", method + " is not allowed on status");
                };
            }
            case "scale" -> {
                return switch (method) {
                    case "GET" -> ApiResponse.of(200, Scales.view(type, store.require(type, path.namespace(), path.name())));
                    case "PUT" -> {
                        ObjectNode scale = body(request);
                        yield ApiResponse.of(200, setReplicas(path, scale, updates(request, type, "scale", false)));
                    }
                    case "PATCH" -> {
                        ObjectNode current = Scales.view(type, store.require(type, path.namespace(), path.name()));
                        ObjectNode patched = (ObjectNode) applyPatch(request, current);
                        Json.metadata(patched).remove("resourceVersion");
                        yield ApiResponse.of(200, setReplicas(path, patched, updates(request, type, "scale", false)));
                    }
                    default -> throw new ApiException(405, "MethodNotAllowed", method + " is not allowed on scale");
                };
            }
            case "eviction" -> {
                if (!method.equals("POST")) {
                    throw new ApiException(405, "MethodNotAllowed", "an eviction is created with POST");
                }
                try {
                    evictions.evict(path.namespace(), path.name(), body(request));
                } catch (ApiException e) {
                    if (e.code() == 429) {
                        ObjectNode status = Status.failure(429, "TooManyRequests", e.getMessage());
                        ObjectNode cause = status.putObject("details").putArray("causes").addObject();
                        cause.put("reason", "DisruptionBudget");
                        cause.put("message", evictions.refusalCause(path.namespace(), path.name()));
                        return ApiResponse.of(429, status);
                    }
                    throw e;
                }
                recordEvicted(path.namespace(), path.name());
                return ApiResponse.of(201, Status.success("Pod", path.name()));
            }
            case "binding" -> {
                if (!method.equals("POST")) {
                    throw new ApiException(405, "MethodNotAllowed", "a binding is created with POST");
                }
                bind(path.namespace(), path.name(), body(request));
                return ApiResponse.of(201, Status.success("Pod", path.name()));
            }
            case "log" -> {
                ObjectNode pod = store.require(type, path.namespace(), path.name());
                String container = LogFollower.containerName(pod, request.param("container"));
                LogSelection selection = PodLogOptions.parse(request::param, path.name(), clock.instant());
                List<Path> files;
                if ("true".equals(request.param("previous"))) {
                    files = podLogs.previousRun(path.namespace(), path.name(), container);
                    if (files.isEmpty()) {
                        throw ApiException.badRequest("previous terminated container \"" + container
                                + "\" in pod \"" + path.name() + "\" not found");
                    }
                } else {
                    files = List.of(podLogs.logFile(path.namespace(), path.name(), container)
                            .filter(Files::isRegularFile)
                            .orElseThrow(() -> ApiException.notFound("logs of pod \"" + path.name() + "\"")));
                }
                try {
                    return ApiResponse.text(new String(ContainerLogReader.readAll(files, selection),
                            StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new ApiException(500, "InternalError", "cannot read " + files + ": " + e.getMessage());
                }
            }
            default -> throw ApiException.notFound(path.subresource());
        }
    }

    /** Assigns a pod to a node (spec.nodeName) and marks it PodScheduled, as the API server's binding does. */
    private void bind(String namespace, String podName, ObjectNode binding) {
        ResourceType pods = ResourceTypes.require("", "pods");
        String node = binding.path("target").path("name").asText("");
        if (node.isEmpty()) {
            throw new ApiException(422, "Invalid", "Binding \"" + podName + "\" is invalid: target.name: Required value");
        }
        synchronized (store) {
            store.modify(pods, namespace, podName, Store.Part.MAIN, pod -> {
                ObjectNode spec = (ObjectNode) pod.get("spec");
                if (!spec.path("nodeName").asText("").isEmpty()) {
                    throw new ApiException(409, "Conflict", "pod " + podName + " is already assigned to node "
                            + spec.get("nodeName").asText());
                }
                if (pod.path("metadata").has("deletionTimestamp")) {
                    throw new ApiException(409, "Conflict", "pod " + podName + " is being deleted");
                }
                spec.put("nodeName", node);
                return pod;
            });
            store.modify(pods, namespace, podName, Store.Part.STATUS, pod -> {
                ObjectNode status = pod.get("status") instanceof ObjectNode s ? s : pod.putObject("status");
                ArrayNode conditions = status.get("conditions") instanceof ArrayNode c ? c : status.putArray("conditions");
                for (int i = conditions.size() - 1; i >= 0; i--) {
                    if (conditions.get(i).path("type").asText().equals("PodScheduled")) {
                        conditions.remove(i);
                    }
                }
                ObjectNode scheduled = conditions.addObject();
                scheduled.put("type", "PodScheduled");
                scheduled.put("status", "True");
                scheduled.putNull("lastProbeTime");
                scheduled.put("lastTransitionTime", Json.timestamp(clock.instant()));
                return pod;
            });
        }
    }

    private ObjectNode setReplicas(ApiPath path, ObjectNode scale, Store.FieldTracker fields) {
        JsonNode replicas = scale.path("spec").get("replicas");
        if (replicas == null || !replicas.canConvertToInt() || replicas.asInt() < 0) {
            throw new ApiException(422, "Invalid", "Scale \"" + path.name() + "\" is invalid: spec.replicas: must be "
                    + "a non-negative integer");
        }
        String expected = scale.path("metadata").path("resourceVersion").asText("");
        ObjectNode updated = store.modify(path.type(), path.namespace(), path.name(), Store.Part.MAIN, fields, object -> {
            if (!expected.isEmpty()) {
                Json.metadata(object).put("resourceVersion", expected);
            }
            ((ObjectNode) object.get("spec")).put("replicas", replicas.asInt());
            return object;
        });
        return Scales.view(path.type(), updated);
    }

    private ApiResponse patch(ApiRequest request, ApiPath path, Store.Part part) {
        boolean apply = contentType(request).equals("application/apply-patch+yaml") && part == Store.Part.MAIN;
        FieldValidation.Mode validation = part == Store.Part.MAIN ? FieldValidation.mode(request)
                : FieldValidation.Mode.IGNORE;
        ManagedFields.Manager applier = new ManagedFields.Manager(manager(request), "Apply", path.type().apiVersion(),
                "");
        if (apply && store.get(path.type(), path.namespace(), path.name()).isEmpty()) {
            ObjectNode body = body(request);
            Json.metadata(body).put("name", path.name());
            List<String> warnings = FieldValidation.check(path.type(), body, validation);
            ObjectNode config = body.deepCopy();
            return ApiResponse.of(201, store.create(path.type(), path.namespace(), body, (before, after) ->
                    ManagedFields.recordApply(null, after, config, applier, clock.instant()))).withWarnings(warnings);
        }
        List<String> warnings = new java.util.ArrayList<>();
        Store.FieldTracker fields;
        ObjectNode config;
        if (apply) {
            config = body(request);
            fields = (before, after) -> ManagedFields.recordApply(before, after, config, applier, clock.instant());
        } else {
            config = null;
            fields = updates(request, path.type(), part == Store.Part.STATUS ? "status" : "",
                    part == Store.Part.STATUS);
        }
        ObjectNode result = store.modify(path.type(), path.namespace(), path.name(), part, fields, current -> {
            if (apply && !"true".equals(request.param("force"))) {
                List<ManagedFields.Conflict> conflicts = ManagedFields.conflicts(current, config, applier);
                if (!conflicts.isEmpty()) {
                    throw ManagedFields.conflictError(conflicts);
                }
            }
            JsonNode patched = applyPatch(request, current);
            if (!(patched instanceof ObjectNode object)) {
                throw ApiException.badRequest("the patch did not produce an object");
            }
            warnings.clear();
            warnings.addAll(FieldValidation.check(path.type(), object, validation));
            return object;
        });
        return ApiResponse.of(200, result).withWarnings(warnings);
    }

    /**
     * The field manager of a request: its {@code fieldManager}, else the client's User-Agent up to its first
     * {@code /}, as the API server names it (k8s.io/apiserver handlers, {@code prefixFromUserAgent}).
     */
    private static String manager(ApiRequest request) {
        String named = request.param("fieldManager");
        if (named != null && !named.isEmpty()) {
            return named;
        }
        String agent = request.userAgent();
        return agent == null || agent.isBlank() ? "unknown" : agent.split("/", 2)[0];
    }

    /** Tracks an Update by the request's manager, through {@code subresource} ("" for the object itself). */
    private Store.FieldTracker updates(ApiRequest request, ResourceType type, String subresource, boolean statusOnly) {
        ManagedFields.Manager writer = new ManagedFields.Manager(manager(request), "Update", type.apiVersion(),
                subresource);
        return (before, after) -> ManagedFields.recordUpdate(before, after, writer, statusOnly, clock.instant());
    }

    private JsonNode applyPatch(ApiRequest request, ObjectNode current) {
        String contentType = contentType(request);
        JsonNode patch = parse(request);
        return switch (contentType) {
            case "application/json-patch+json" -> Patches.jsonPatch(current, patch);
            case "application/merge-patch+json" -> Patches.mergePatch(current, patch);
            case "application/strategic-merge-patch+json", "application/apply-patch+yaml" ->
                    Patches.strategicMergePatch(current, patch);
            default -> throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown "
                    + "format - accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml, application/strategic-merge-patch+json");
        };
    }

    private static String contentType(ApiRequest request) {
        String contentType = request.contentType() == null ? "" : request.contentType();
        int semicolon = contentType.indexOf(';');
        return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim();
    }

    private static JsonNode parse(ApiRequest request) {
        String type = contentType(request);
        if (type.contains("protobuf") || type.contains("cbor")) {
            throw new ApiException(415, "UnsupportedMediaType", "localkube accepts JSON and YAML bodies, not " + type);
        }
        String body = request.body() == null ? "" : request.body().trim();
        if (body.isEmpty()) {
            throw ApiException.badRequest("the request has no body");
        }
        if (body.startsWith("{") || body.startsWith("[")) {
            try {
                if ("strict".equalsIgnoreCase(request.param("fieldValidation"))) {
                    return Json.MAPPER.reader().with(com.fasterxml.jackson.core.StreamReadFeature
                            .STRICT_DUPLICATE_DETECTION).readTree(body);
                }
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw ApiException.badRequest("request body is not valid JSON: " + e.getMessage());
            }
        }
        try {
            Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(body);
            return Json.MAPPER.valueToTree(yaml);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("request body is neither JSON nor YAML: " + e.getMessage());
        }
    }

    private static ObjectNode body(ApiRequest request) {
        JsonNode node = parse(request);
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw ApiException.badRequest("the request body must be an object");
    }

    private static void checkKind(ResourceType type, ObjectNode body) {
        String kind = body.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind " + kind + " does not match the path's resource " + type.plural());
        }
    }

    private static boolean dryRun(ApiRequest request) {
        return request.param("dryRun") != null && !request.param("dryRun").isEmpty();
    }

    private void recordEvicted(String namespace, String pod) {
        try {
            ObjectNode event = Json.object();
            ObjectNode metadata = event.putObject("metadata");
            metadata.put("generateName", pod + ".");
            metadata.put("namespace", namespace);
            ObjectNode involved = event.putObject("involvedObject");
            involved.put("kind", "Pod");
            involved.put("apiVersion", "v1");
            involved.put("namespace", namespace);
            involved.put("name", pod);
            store.get(ResourceTypes.require("", "pods"), namespace, pod)
                    .ifPresent(p -> involved.put("uid", p.path("metadata").path("uid").asText()));
            event.put("reason", "Evicted");
            event.put("message", "Evicted pod " + pod + " through the eviction API");
            event.put("type", "Normal");
            String now = Json.timestamp(clock.instant());
            event.put("firstTimestamp", now);
            event.put("lastTimestamp", now);
            event.put("count", 1);
            event.putObject("source").put("component", "localkube-apiserver");
            store.create(ResourceTypes.require("", "events"), namespace, event);
        } catch (ApiException e) {
            // best effort, as every event is
        }
    }

    /** DeleteOptions from the body or the query string. */
    record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid) {
        static DeleteOptions of(ApiRequest request) {
            Long grace = request.param("gracePeriodSeconds") == null ? null
                    : Long.parseLong(request.param("gracePeriodSeconds"));
            String propagation = request.param("propagationPolicy");
            String uid = null;
            String body = request.body() == null ? "" : request.body().trim();
            if (body.startsWith("{")) {
                ObjectNode options = Json.parseObject(body);
                if (options.has("gracePeriodSeconds") && !options.get("gracePeriodSeconds").isNull()) {
                    grace = options.get("gracePeriodSeconds").asLong();
                }
                if (options.has("propagationPolicy") && !options.get("propagationPolicy").isNull()) {
                    propagation = options.get("propagationPolicy").asText();
                }
                if (options.path("orphanDependents").asBoolean(false)) {
                    propagation = "Orphan";
                }
                uid = options.path("preconditions").path("uid").asText(null);
            }
            return new DeleteOptions(grace, propagation, uid);
        }
    }
}
