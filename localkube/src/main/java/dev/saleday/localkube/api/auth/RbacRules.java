package dev.saleday.localkube.api.auth;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether one PolicyRule allows a request: Kubernetes' {@code RuleAllows} and the matchers of
 * pkg/apis/rbac/v1/evaluation_helpers.go. {@code pods} does not cover {@code pods/log}; {@code *} covers every
 * resource and subresource; {@code * /scale} (without the space) every resource's {@code scale}; resourceNames
 * restrict to named objects (so never a list); nonResourceURLs match a path exactly or by a trailing {@code *}.
 */
public final class RbacRules {

    private RbacRules() {
    }

    public static boolean allows(JsonNode rule, RequestAttributes request) {
        if (request.resourceRequest()) {
            return verbMatches(rule, request.verb()) && apiGroupMatches(rule, request.apiGroup())
                    && resourceMatches(rule, request.combinedResource(), request.subresource())
                    && resourceNameMatches(rule, request.name());
        }
        return verbMatches(rule, request.verb()) && nonResourceUrlMatches(rule, request.path());
    }

    static boolean verbMatches(JsonNode rule, String verb) {
        return anyOf(rule.path("verbs"), v -> v.equals("*") || v.equals(verb));
    }

    static boolean apiGroupMatches(JsonNode rule, String group) {
        return anyOf(rule.path("apiGroups"), g -> g.equals("*") || g.equals(group));
    }

    static boolean resourceMatches(JsonNode rule, String combinedResource, String subresource) {
        return anyOf(rule.path("resources"), r -> r.equals("*") || r.equals(combinedResource)
                || (!subresource.isEmpty() && r.equals("*/" + subresource)));
    }

    static boolean resourceNameMatches(JsonNode rule, String name) {
        JsonNode names = rule.path("resourceNames");
        return !names.isArray() || names.isEmpty() || anyOf(names, n -> n.equals(name));
    }

    static boolean nonResourceUrlMatches(JsonNode rule, String path) {
        return anyOf(rule.path("nonResourceURLs"), url -> url.equals("*") || url.equals(path)
                || (url.endsWith("*") && path.startsWith(url.substring(0, url.length() - 1))));
    }

    private static boolean anyOf(JsonNode values, java.util.function.Predicate<String> test) {
        for (JsonNode v : values) {
            if (test.test(v.asText())) {
                return true;
            }
        }
        return false;
    }
}
