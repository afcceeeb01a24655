package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Request bodies kubectl sends in Kubernetes' protobuf encoding ({@code application/vnd.kubernetes.protobuf}: the
 * magic {@code k8s\0} then a {@code runtime.Unknown} carrying apiVersion, kind and the object's own message), turned
 * into the JSON the API logic reads. Only the kinds below are known, each by the fields of its generated.proto that
 * kubectl fills: the access reviews and TokenRequest (metadata skipped), and the objects kubectl's generators build
 * ({@code create deployment|namespace|configmap}, {@code run}, {@code expose}, {@code autoscale}); any other kind is
 * refused with 415 naming it.
 */
public final class ProtobufBodies {

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** A message's fields by number: JSON name and type. */
    private record Field(String json, Type type, Map<Integer, Field> message) {
    }

    private enum Type { STRING, INT, BOOL, MESSAGE, STRINGS, SKIP, MESSAGES, MAP, INT_OR_STRING }

    private static Field string(String json) {
        return new Field(json, Type.STRING, null);
    }

    private static Field integer(String json) {
        return new Field(json, Type.INT, null);
    }

    private static Field bool(String json) {
        return new Field(json, Type.BOOL, null);
    }

    private static Field message(String json, Map<Integer, Field> fields) {
        return new Field(json, Type.MESSAGE, fields);
    }

    private static Field messages(String json, Map<Integer, Field> fields) {
        return new Field(json, Type.MESSAGES, fields);
    }

    private static Field map(String json) {
        return new Field(json, Type.MAP, null);
    }

    // k8s.io/api generated.proto field numbers, for the fields kubectl's generators fill (create deployment,
    // create namespace, create configmap, run, expose, autoscale); the rest of each message is skipped.
    private static final Map<Integer, Field> OBJECT_META = Map.of(1, string("name"), 2, string("generateName"),
            3, string("namespace"), 11, map("labels"), 12, map("annotations"));
    private static final Map<Integer, Field> CONTAINER = Map.ofEntries(Map.entry(1, string("name")),
            Map.entry(2, string("image")), Map.entry(3, new Field("command", Type.STRINGS, null)),
            Map.entry(4, new Field("args", Type.STRINGS, null)), Map.entry(5, string("workingDir")),
            Map.entry(6, messages("ports", Map.of(1, string("name"), 3, integer("containerPort"),
                    4, string("protocol")))),
            Map.entry(7, messages("env", Map.of(1, string("name"), 2, string("value")))),
            Map.entry(13, string("terminationMessagePath")), Map.entry(14, string("imagePullPolicy")),
            Map.entry(16, bool("stdin")), Map.entry(17, bool("stdinOnce")), Map.entry(18, bool("tty")),
            Map.entry(20, string("terminationMessagePolicy")));
    private static final Map<Integer, Field> POD_SPEC = Map.of(2, messages("containers", CONTAINER),
            3, string("restartPolicy"), 4, integer("terminationGracePeriodSeconds"), 6, string("dnsPolicy"),
            7, map("nodeSelector"), 8, string("serviceAccountName"));
    private static final Map<Integer, Field> POD_TEMPLATE = Map.of(1, message("metadata", OBJECT_META),
            2, message("spec", POD_SPEC));
    private static final Map<Integer, Field> DEPLOYMENT_SPEC = Map.of(1, integer("replicas"),
            2, message("selector", Map.of(1, map("matchLabels"))), 3, message("template", POD_TEMPLATE),
            4, message("strategy", Map.of(1, string("type"))));
    private static final Map<Integer, Field> SERVICE_SPEC = Map.of(
            1, messages("ports", Map.of(1, string("name"), 2, string("protocol"), 3, integer("port"),
                    4, new Field("targetPort", Type.INT_OR_STRING, null))),
            2, map("selector"), 3, string("clusterIP"), 4, string("type"), 7, string("sessionAffinity"));
    private static final Map<Integer, Field> HPA_V1_SPEC = Map.of(
            1, message("scaleTargetRef", Map.of(1, string("kind"), 2, string("name"), 3, string("apiVersion"))),
            2, integer("minReplicas"), 3, integer("maxReplicas"), 4, integer("targetCPUUtilizationPercentage"));

    /** Kinds whose JSON omits empty fields (omitempty): protobuf carries every non-pointer field, zero or not. */
    private static final Map<String, Map<Integer, Field>> OBJECTS = Map.of(
            "apps/v1 Deployment", Map.of(1, message("metadata", OBJECT_META), 2, message("spec", DEPLOYMENT_SPEC)),
            "v1 Pod", Map.of(1, message("metadata", OBJECT_META), 2, message("spec", POD_SPEC)),
            "v1 Service", Map.of(1, message("metadata", OBJECT_META), 2, message("spec", SERVICE_SPEC)),
            "v1 Namespace", Map.of(1, message("metadata", OBJECT_META)),
            "v1 ConfigMap", Map.of(1, message("metadata", OBJECT_META), 2, map("data")),
            "autoscaling/v1 HorizontalPodAutoscaler", Map.of(1, message("metadata", OBJECT_META),
                    2, message("spec", HPA_V1_SPEC)));

    private static final Map<Integer, Field> RESOURCE_ATTRIBUTES = Map.of(1, string("namespace"), 2, string("verb"),
            3, string("group"), 4, string("version"), 5, string("resource"), 6, string("subresource"),
            7, string("name"));
    private static final Map<Integer, Field> NON_RESOURCE_ATTRIBUTES = Map.of(1, string("path"), 2, string("verb"));

    private static final Map<String, Map<Integer, Field>> KINDS = Map.of(
            "authorization.k8s.io/v1 SelfSubjectAccessReview", Map.of(
                    1, new Field("metadata", Type.SKIP, null),
                    2, new Field("spec", Type.MESSAGE, Map.of(
                            1, new Field("resourceAttributes", Type.MESSAGE, RESOURCE_ATTRIBUTES),
                            2, new Field("nonResourceAttributes", Type.MESSAGE, NON_RESOURCE_ATTRIBUTES)))),
            "authorization.k8s.io/v1 SelfSubjectRulesReview", Map.of(
                    1, new Field("metadata", Type.SKIP, null),
                    2, new Field("spec", Type.MESSAGE, Map.of(1, string("namespace")))),
            "authentication.k8s.io/v1 TokenRequest", Map.of(
                    1, new Field("metadata", Type.SKIP, null),
                    2, new Field("spec", Type.MESSAGE, Map.of(
                            1, new Field("audiences", Type.STRINGS, null),
                            3, new Field("boundObjectRef", Type.SKIP, null),
                            4, new Field("expirationSeconds", Type.INT, null)))));

    private ProtobufBodies() {
    }

    public static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.contains("application/vnd.kubernetes.protobuf");
    }

    /** The body as JSON, or 415 for a kind not listed here. */
    public static ObjectNode toJson(byte[] body) {
        if (body.length < 4 || !Arrays.equals(Arrays.copyOf(body, 4), MAGIC)) {
            throw unsupported("a body without the k8s protobuf envelope");
        }
        Reader unknown = new Reader(body, 4, body.length);
        String apiVersion = "";
        String kind = "";
        byte[] raw = new byte[0];
        while (unknown.more()) {
            int tag = unknown.varint32();
            int number = tag >>> 3;
            if (number == 1 && (tag & 7) == 2) {
                Reader typeMeta = unknown.nested();
                while (typeMeta.more()) {
                    int t = typeMeta.varint32();
                    if ((t >>> 3) == 1) {
                        apiVersion = typeMeta.string();
                    } else if ((t >>> 3) == 2) {
                        kind = typeMeta.string();
                    } else {
                        typeMeta.skip(t & 7);
                    }
                }
            } else if (number == 2 && (tag & 7) == 2) {
                raw = unknown.bytes();
            } else {
                unknown.skip(tag & 7);
            }
        }
        String key = apiVersion + " " + kind;
        boolean omitEmpty = OBJECTS.containsKey(key);
        Map<Integer, Field> schema = omitEmpty ? OBJECTS.get(key) : KINDS.get(key);
        if (schema == null) {
            throw unsupported(key + " in protobuf (known: " + java.util.stream.Stream.concat(KINDS.keySet().stream(),
                    OBJECTS.keySet().stream()).sorted().toList() + ")");
        }
        ObjectNode object = decode(new Reader(raw, 0, raw.length), schema, omitEmpty);
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        return object;
    }

    private static ObjectNode decode(Reader in, Map<Integer, Field> schema, boolean omitEmpty) {
        ObjectNode object = Json.object();
        while (in.more()) {
            int tag = in.varint32();
            Field field = schema.get(tag >>> 3);
            if (field == null || field.type() == Type.SKIP) {
                in.skip(tag & 7);
                continue;
            }
            switch (field.type()) {
                case STRING -> {
                    String value = in.string();
                    if (!omitEmpty || !value.isEmpty()) {
                        object.put(field.json(), value);
                    }
                }
                case INT -> object.put(field.json(), in.varint());
                case BOOL -> {
                    boolean value = in.varint() != 0;
                    if (!omitEmpty || value) {
                        object.put(field.json(), value);
                    }
                }
                case MESSAGE -> {
                    ObjectNode value = decode(in.nested(), field.message(), omitEmpty);
                    if (!omitEmpty || !value.isEmpty()) {
                        object.set(field.json(), value);
                    }
                }
                case MESSAGES -> {
                    ArrayNode list = object.get(field.json()) instanceof ArrayNode a ? a : object.putArray(field.json());
                    list.add(decode(in.nested(), field.message(), omitEmpty));
                }
                case MAP -> {
                    ObjectNode map = object.get(field.json()) instanceof ObjectNode o ? o : object.putObject(field.json());
                    ObjectNode entry = decode(in.nested(), Map.of(1, string("key"), 2, string("value")), false);
                    map.put(entry.path("key").asText(), entry.path("value").asText());
                }
                case INT_OR_STRING -> {
                    // intstr.IntOrString: type (0 int, 1 string), intVal, strVal
                    ObjectNode value = decode(in.nested(), Map.of(1, integer("type"), 2, integer("intVal"),
                            3, string("strVal")), false);
                    if (value.path("type").asLong() == 1) {
                        object.put(field.json(), value.path("strVal").asText());
                    } else {
                        object.put(field.json(), value.path("intVal").asLong());
                    }
                }
                case STRINGS -> {
                    ArrayNode list = object.get(field.json()) instanceof ArrayNode a ? a : object.putArray(field.json());
                    list.add(in.string());
                }
                default -> in.skip(tag & 7);
            }
        }
        return object;
    }

    private static ApiException unsupported(String what) {
        return new ApiException(415, "UnsupportedMediaType", "localkube reads JSON and YAML bodies, and protobuf only "
                + "for a few kinds; not " + what);
    }

    /** Protocol buffers' wire format: varints and length-delimited fields. */
    private static final class Reader {
        private final byte[] data;
        private int at;
        private final int end;

        Reader(byte[] data, int from, int end) {
            this.data = data;
            this.at = from;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) {
                    throw ApiException.badRequest("truncated protobuf body");
                }
                byte b = data[at++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw ApiException.badRequest("malformed varint in protobuf body");
        }

        int varint32() {
            return (int) varint();
        }

        Reader nested() {
            int length = varint32();
            if (length < 0 || at + length > end) {
                throw ApiException.badRequest("truncated protobuf body");
            }
            Reader nested = new Reader(data, at, at + length);
            at += length;
            return nested;
        }

        byte[] bytes() {
            Reader r = nested();
            return Arrays.copyOfRange(data, r.at, r.end);
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> nested();
                case 5 -> at += 4;
                default -> throw ApiException.badRequest("unsupported protobuf wire type " + wireType);
            }
        }
    }
}
