package dev.saleday.localkube.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.FieldSelector;
import dev.saleday.localkube.api.LabelSelectors;
import dev.saleday.localkube.api.ResourceType;
import dev.saleday.localkube.api.ResourceTypes;
import dev.saleday.localkube.api.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' RBAC authorizer (plugin/pkg/auth/authorizer/rbac) over the Roles, ClusterRoles, RoleBindings and
 * ClusterRoleBindings in the store: a request is allowed when a ClusterRoleBinding, or a RoleBinding in the
 * request's namespace, binds the user (by name, group or ServiceAccount) to a role with a rule that allows it.
 * Nothing denies: without such a rule the answer is no. Members of {@code system:masters} are always allowed, as
 * the API server's privileged-group authorizer does. Aggregated ClusterRoles are not expanded.
 */
public final class RbacAuthorizer {

    private static final ResourceType ROLES = ResourceTypes.require("rbac.authorization.k8s.io", "roles");
    private static final ResourceType CLUSTER_ROLES = ResourceTypes.require("rbac.authorization.k8s.io", "clusterroles");
    private static final ResourceType ROLE_BINDINGS = ResourceTypes.require("rbac.authorization.k8s.io", "rolebindings");
    private static final ResourceType CLUSTER_ROLE_BINDINGS =
            ResourceTypes.require("rbac.authorization.k8s.io", "clusterrolebindings");

    private final Store store;

    public RbacAuthorizer(Store store) {
        this.store = store;
    }

    /** One rule and the binding that grants it to the user. */
    public record GrantedRule(JsonNode rule, String grantedBy) {
    }

    public Decision authorize(UserInfo user, RequestAttributes request) {
        if (user.isPrivileged()) {
            return new Decision(true, "");
        }
        List<String> errors = new ArrayList<>();
        for (GrantedRule granted : rulesFor(user, request.namespace(), errors)) {
            if (RbacRules.allows(granted.rule(), request)) {
                return new Decision(true, "RBAC: allowed by " + granted.grantedBy());
            }
        }
        return new Decision(false, errors.isEmpty() ? "" : "RBAC: " + String.join(", ", errors));
    }

    /**
     * Every rule that applies to {@code user} in {@code namespace} (cluster-wide ones only when it is empty), as
     * {@code RulesFor} visits them; the roles that bindings name but that do not exist go to {@code errors}.
     */
    public List<GrantedRule> rulesFor(UserInfo user, String namespace, List<String> errors) {
        List<GrantedRule> rules = new ArrayList<>();
        for (ObjectNode binding : all(CLUSTER_ROLE_BINDINGS, null)) {
            Optional<String> subject = subject(user, binding.path("subjects"), "");
            if (subject.isEmpty()) {
                continue;
            }
            String describe = "ClusterRoleBinding \"" + name(binding) + "\" of "
                    + binding.path("roleRef").path("kind").asText() + " \"" + binding.path("roleRef").path("name")
                    .asText() + "\" to " + subject.get();
            role(binding.path("roleRef"), "", errors).ifPresent(role -> role.path("rules")
                    .forEach(rule -> rules.add(new GrantedRule(rule, describe))));
        }
        if (namespace != null && !namespace.isEmpty()) {
            for (ObjectNode binding : all(ROLE_BINDINGS, namespace)) {
                Optional<String> subject = subject(user, binding.path("subjects"), namespace);
                if (subject.isEmpty()) {
                    continue;
                }
                String describe = "RoleBinding \"" + name(binding) + "/" + namespace + "\" of "
                        + binding.path("roleRef").path("kind").asText() + " \"" + binding.path("roleRef").path("name")
                        .asText() + "\" to " + subject.get();
                role(binding.path("roleRef"), namespace, errors).ifPresent(role -> role.path("rules")
                        .forEach(rule -> rules.add(new GrantedRule(rule, describe))));
            }
        }
        return rules;
    }

    private Optional<ObjectNode> role(JsonNode roleRef, String namespace, List<String> errors) {
        String kind = roleRef.path("kind").asText();
        String name = roleRef.path("name").asText();
        Optional<ObjectNode> role = switch (kind) {
            case "Role" -> namespace.isEmpty() ? Optional.empty() : store.get(ROLES, namespace, name);
            case "ClusterRole" -> store.get(CLUSTER_ROLES, null, name);
            default -> Optional.empty();
        };
        if (role.isEmpty()) {
            errors.add(kind.equals("Role") ? "role.rbac.authorization.k8s.io \"" + name + "\" not found"
                    : "clusterrole.rbac.authorization.k8s.io \"" + name + "\" not found");
        }
        return role;
    }

    /** How the first subject that names {@code user} is described, e.g. {@code ServiceAccount "saleday/shop"}. */
    static Optional<String> subject(UserInfo user, JsonNode subjects, String bindingNamespace) {
        for (JsonNode subject : subjects) {
            String kind = subject.path("kind").asText();
            String name = subject.path("name").asText();
            switch (kind) {
                case "User" -> {
                    if (user.name().equals(name)) {
                        return Optional.of("User \"" + name + "\"");
                    }
                }
                case "Group" -> {
                    if (user.groups().contains(name)) {
                        return Optional.of("Group \"" + name + "\"");
                    }
                }
                case "ServiceAccount" -> {
                    String ns = subject.path("namespace").asText("");
                    if (ns.isEmpty()) {
                        ns = bindingNamespace;
                    }
                    if (!ns.isEmpty() && user.name().equals(UserInfo.SERVICE_ACCOUNT_PREFIX + ns + ":" + name)) {
                        return Optional.of("ServiceAccount \"" + name + "/" + ns + "\"");
                    }
                }
                default -> {
                }
            }
        }
        return Optional.empty();
    }

    private List<ObjectNode> all(ResourceType type, String namespace) {
        return store.list(type, namespace, LabelSelectors.query(null), FieldSelector.parse(null), 0, null).items();
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }
}
