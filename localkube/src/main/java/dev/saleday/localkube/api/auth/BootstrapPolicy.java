package dev.saleday.localkube.api.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.Json;
import dev.saleday.localkube.api.ResourceTypes;
import dev.saleday.localkube.api.Store;

import java.util.List;

/**
 * The ClusterRoles and ClusterRoleBindings every Kubernetes API server creates at start
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy), those a client needs: {@code cluster-admin} for
 * {@code system:masters}, {@code system:discovery} and {@code system:basic-user} (discovery, version, OpenAPI,
 * SelfSubjectAccessReviews) for every authenticated user, {@code system:public-info-viewer}. The user-facing
 * {@code admin}, {@code edit} and {@code view} roles are not created.
 */
public final class BootstrapPolicy {

    private BootstrapPolicy() {
    }

    public static void seed(Store store) {
        clusterRole(store, "cluster-admin", rule(List.of("*"), List.of("*"), List.of("*")),
                nonResource(List.of("*"), List.of("*")));
        clusterRole(store, "system:discovery", nonResource(List.of("get"), List.of("/api", "/api/*", "/apis",
                "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/")));
        clusterRole(store, "system:basic-user",
                rule(List.of("create"), List.of("authorization.k8s.io"),
                        List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews")),
                rule(List.of("create"), List.of("authentication.k8s.io"), List.of("selfsubjectreviews")));
        clusterRole(store, "system:public-info-viewer", nonResource(List.of("get"),
                List.of("/healthz", "/livez", "/readyz", "/version", "/version/")));
        binding(store, "cluster-admin", "system:masters");
        binding(store, "system:discovery", "system:authenticated");
        binding(store, "system:basic-user", "system:authenticated");
        binding(store, "system:public-info-viewer", "system:authenticated", "system:unauthenticated");
    }

    private static ObjectNode rule(List<String> verbs, List<String> groups, List<String> resources) {
        ObjectNode rule = Json.object();
        verbs.forEach(rule.putArray("verbs")::add);
        groups.forEach(rule.putArray("apiGroups")::add);
        resources.forEach(rule.putArray("resources")::add);
        return rule;
    }

    private static ObjectNode nonResource(List<String> verbs, List<String> urls) {
        ObjectNode rule = Json.object();
        verbs.forEach(rule.putArray("verbs")::add);
        urls.forEach(rule.putArray("nonResourceURLs")::add);
        return rule;
    }

    private static ObjectNode metadata(ObjectNode object, String name) {
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("labels").put("kubernetes.io/bootstrapping", "rbac-defaults");
        metadata.putObject("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
        return metadata;
    }

    private static void clusterRole(Store store, String name, ObjectNode... rules) {
        ObjectNode role = Json.object();
        role.put("apiVersion", "rbac.authorization.k8s.io/v1");
        role.put("kind", "ClusterRole");
        metadata(role, name);
        ArrayNode list = role.putArray("rules");
        for (ObjectNode rule : rules) {
            list.add(rule);
        }
        store.create(ResourceTypes.require("rbac.authorization.k8s.io", "clusterroles"), null, role);
    }

    private static void binding(Store store, String name, String... groups) {
        ObjectNode binding = Json.object();
        binding.put("apiVersion", "rbac.authorization.k8s.io/v1");
        binding.put("kind", "ClusterRoleBinding");
        metadata(binding, name);
        ObjectNode ref = binding.putObject("roleRef");
        ref.put("apiGroup", "rbac.authorization.k8s.io");
        ref.put("kind", "ClusterRole");
        ref.put("name", name);
        ArrayNode subjects = binding.putArray("subjects");
        for (String group : groups) {
            ObjectNode subject = subjects.addObject();
            subject.put("apiGroup", "rbac.authorization.k8s.io");
            subject.put("kind", "Group");
            subject.put("name", group);
        }
        store.create(ResourceTypes.require("rbac.authorization.k8s.io", "clusterrolebindings"), null, binding);
    }
}
