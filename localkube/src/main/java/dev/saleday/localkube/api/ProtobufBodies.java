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
 * kubectl fills (metadata is skipped); any other kind is refused with 415 naming it.
 */
public final class ProtobufBodies {

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** A message's fields by number: JSON name and type. */
    private record Field(String json, Type type, Map<Integer, Field> message) {
    }

    private enum Type { STRING, INT, BOOL, MESSAGE, STRINGS, SKIP }

    private static Field string(String json) {
        return new Field(json, Type.STRING, null);
    }

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
        Map<Integer, Field> schema = KINDS.get(apiVersion + " " + kind);
        if (schema == null) {
            throw unsupported(apiVersion + " " + kind + " in protobuf (known: " + KINDS.keySet().stream().sorted()
                    .toList() + ")");
        }
        ObjectNode object = decode(new Reader(raw, 0, raw.length), schema);
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        return object;
    }

    private static ObjectNode decode(Reader in, Map<Integer, Field> schema) {
        ObjectNode object = Json.object();
        while (in.more()) {
            int tag = in.varint32();
            Field field = schema.get(tag >>> 3);
            if (field == null || field.type() == Type.SKIP) {
                in.skip(tag & 7);
                continue;
            }
            switch (field.type()) {
                case STRING -> object.put(field.json(), in.string());
                case INT -> object.put(field.json(), in.varint());
                case BOOL -> object.put(field.json(), in.varint() != 0);
                case MESSAGE -> object.set(field.json(), decode(in.nested(), field.message()));
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
