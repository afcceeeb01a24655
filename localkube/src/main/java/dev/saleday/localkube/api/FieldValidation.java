package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side field validation ({@code ?fieldValidation=Strict|Warn|Ignore}, Warn when absent, as in Kubernetes
 * 1.27+): fields the kind's schema does not have are refused (400, "strict decoding error: unknown field
 * \"spec.foo\"") or reported as {@code Warning} headers. The schema is read from fabric8's model classes, which are
 * generated from Kubernetes' own OpenAPI: a field is known when the class has a property of that name; maps, lists,
 * quantities and int-or-strings are followed as Kubernetes' schema has them. Kinds without a model class are not
 * checked.
 */
final class FieldValidation {

    enum Mode { IGNORE, WARN, STRICT }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Optional<Class<?>>> MODELS = new ConcurrentHashMap<>();
    private static final Map<JavaType, Map<String, JavaType>> PROPERTIES = new ConcurrentHashMap<>();

    private FieldValidation() {
    }

    static Mode mode(ApiRequest request) {
        String value = request.param("fieldValidation");
        if (value == null || value.isEmpty()) {
            return Mode.WARN;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "strict" -> Mode.STRICT;
            case "warn" -> Mode.WARN;
            case "ignore" -> Mode.IGNORE;
            default -> throw ApiException.badRequest("fieldValidation must be one of Ignore, Warn, Strict, got "
                    + value);
        };
    }

    /**
     * @return the warnings to send (empty unless Warn)
     * @throws ApiException 400 under Strict when a field is unknown
     */
    static List<String> check(ResourceType type, JsonNode object, Mode mode) {
        if (mode == Mode.IGNORE) {
            return List.of();
        }
        List<String> unknown = unknownFields(type, object);
        if (unknown.isEmpty()) {
            return List.of();
        }
        List<String> messages = unknown.stream().map(path -> "unknown field \"" + path + "\"").toList();
        if (mode == Mode.STRICT) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": strict decoding error: " + String.join(", ", messages));
        }
        return messages;
    }

    /** Paths ({@code spec.template.spec.containers[0].foo}) of the fields the kind does not have. */
    static List<String> unknownFields(ResourceType type, JsonNode object) {
        Optional<Class<?>> model = MODELS.computeIfAbsent(type.apiVersion() + "/" + type.kind(), key -> {
            try {
                KubernetesResource resource = SERIALIZATION.unmarshal("{\"apiVersion\":\"" + type.apiVersion()
                        + "\",\"kind\":\"" + type.kind() + "\"}", KubernetesResource.class);
                return resource == null || resource instanceof GenericKubernetesResource ? Optional.empty()
                        : Optional.of(resource.getClass());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
        List<String> unknown = new ArrayList<>();
        model.ifPresent(cls -> walk(Json.MAPPER.constructType(cls), object, "", unknown));
        return unknown;
    }

    private static void walk(JavaType type, JsonNode node, String path, List<String> unknown) {
        if (node == null || node.isNull()) {
            return;
        }
        if (type.isContainerType() && !type.isMapLikeType()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(type.getContentType(), node.get(i), path + "[" + i + "]", unknown);
                }
            }
            return;
        }
        if (type.isMapLikeType()) {
            if (node.isObject()) {
                node.properties().forEach(e -> walk(type.getContentType(), e.getValue(),
                        join(path, e.getKey()), unknown));
            }
            return;
        }
        if (!node.isObject() || leaf(type.getRawClass())
                || type.getRawClass() == io.fabric8.kubernetes.api.model.FieldsV1.class) {
            return; // FieldsV1 is a free-form field set (managedFields)
        }
        Map<String, JavaType> properties = PROPERTIES.computeIfAbsent(type, FieldValidation::properties);
        node.properties().forEach(e -> {
            JavaType field = properties.get(e.getKey());
            if (field == null) {
                unknown.add(join(path, e.getKey()));
            } else {
                walk(field, e.getValue(), join(path, e.getKey()), unknown);
            }
        });
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** A value checked no deeper: not one of fabric8's model beans (strings, numbers, Quantity, IntOrString...). */
    private static boolean leaf(Class<?> cls) {
        if (!cls.getName().startsWith("io.fabric8.kubernetes.api.model") || cls.isInterface()
                || java.lang.reflect.Modifier.isAbstract(cls.getModifiers())) {
            return true;
        }
        JsonDeserialize custom = cls.getAnnotation(JsonDeserialize.class);
        return custom != null && custom.using() != JsonDeserializer.None.class;
    }

    private static Map<String, JavaType> properties(JavaType type) {
        Map<String, JavaType> properties = new java.util.HashMap<>();
        for (BeanPropertyDefinition property : Json.MAPPER.getDeserializationConfig().introspect(type)
                .findProperties()) {
            if (property.hasSetter() || property.hasField() || property.hasConstructorParameter()) {
                properties.put(property.getName(), property.getPrimaryType());
            }
        }
        return properties;
    }
}
