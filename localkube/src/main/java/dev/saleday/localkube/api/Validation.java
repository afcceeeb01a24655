package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.plan.LabelSelector;

/** The checks the harness relies on a real API server to make (422 Invalid), not the whole of Kubernetes'. */
final class Validation {

    private Validation() {
    }

    static void name(ResourceType type, String name) {
        if (type.group().equals("rbac.authorization.k8s.io")) {
            // RBAC objects take any path segment (ValidateRBACName): system:discovery, system:basic-user
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
                    || name.contains("%")) {
                throw new ApiException(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: metadata.name: "
                        + "may not be '.', '..', or contain '/' or '%'");
            }
            return;
        }
        if (name.length() > 253 || !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new ApiException(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: metadata.name: a "
                    + "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'");
        }
    }

    static void object(ResourceType type, ObjectNode object) {
        String name = Json.name(object);
        switch (type.kind()) {
            case "Pod" -> containers(type, name, object.path("spec"), "spec");
            case "Deployment", "ReplicaSet", "StatefulSet" -> {
                JsonNode spec = object.path("spec");
                containers(type, name, spec.path("template").path("spec"), "spec.template.spec");
                LabelSelector selector = LabelSelectors.fromObject(spec.get("selector"));
                if (!spec.has("selector") || selector.isEverything()) {
                    throw invalid(type, name, "spec.selector: Required value");
                }
                if (!LabelSelectors.matches(selector, spec.path("template"))) {
                    throw invalid(type, name, "spec.template.metadata.labels: Invalid value: `selector` does not "
                            + "match template `labels`");
                }
                if (spec.path("replicas").asInt(0) < 0) {
                    throw invalid(type, name, "spec.replicas: must be greater than or equal to 0");
                }
            }
            case "HorizontalPodAutoscaler" -> {
                JsonNode spec = object.path("spec");
                if (spec.path("maxReplicas").asInt(0) < 1) {
                    throw invalid(type, name, "spec.maxReplicas: must be greater than or equal to 1");
                }
                if (spec.has("minReplicas") && spec.get("minReplicas").asInt() > spec.path("maxReplicas").asInt()) {
                    throw invalid(type, name, "spec.minReplicas: must be less than or equal to maxReplicas");
                }
            }
            default -> {
            }
        }
    }

    private static void containers(ResourceType type, String name, JsonNode podSpec, String at) {
        JsonNode containers = podSpec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            throw invalid(type, name, at + ".containers: Required value");
        }
        for (JsonNode container : containers) {
            if (container.path("name").asText("").isEmpty()) {
                throw invalid(type, name, at + ".containers[].name: Required value");
            }
            if (container.path("image").asText("").isEmpty()) {
                throw invalid(type, name, at + ".containers[" + container.path("name").asText() + "].image: Required value");
            }
        }
    }

    private static ApiException invalid(ResourceType type, String name, String detail) {
        return new ApiException(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: " + detail);
    }
}
