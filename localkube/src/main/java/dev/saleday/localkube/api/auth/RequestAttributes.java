package dev.saleday.localkube.api.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request asks to do, as Kubernetes' {@code RequestInfoFactory} (apiserver/pkg/endpoints/request) reads it
 * from the method and the path: a resource request ({@code verb} get, list, watch, create, update, patch, delete,
 * deletecollection on {@code apiGroup}/{@code resource}[/{@code subresource}] in {@code namespace}) or a non-resource
 * request (a {@code path} such as {@code /version} or {@code /apis}).
 */
public record RequestAttributes(boolean resourceRequest, String verb, String apiGroup, String apiVersion,
                                String resource, String subresource, String namespace, String name, String path) {

    private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    public static RequestAttributes resource(String verb, String apiGroup, String resource, String subresource,
                                             String namespace, String name) {
        return new RequestAttributes(true, verb, apiGroup, "", resource, subresource, namespace, name, "");
    }

    public static RequestAttributes nonResource(String verb, String path) {
        return new RequestAttributes(false, verb, "", "", "", "", "", "", path);
    }

    /** Reads a request as {@code RequestInfoFactory.NewRequestInfo} does. */
    public static RequestAttributes of(String method, String path, Map<String, String> query) {
        String httpVerb = switch (method) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
        };
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                parts.add(decode(s));
            }
        }
        RequestAttributes nonResource = nonResource(method.toLowerCase(java.util.Locale.ROOT), path);
        if (parts.size() < 3 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
            return nonResource;
        }
        List<String> rest = parts.subList(1, parts.size());
        String group = "";
        if (parts.get(0).equals("apis")) {
            if (rest.size() < 3) {
                return nonResource;
            }
            group = rest.get(0);
            rest = rest.subList(1, rest.size());
        }
        String version = rest.get(0);
        rest = rest.subList(1, rest.size());
        String verb = httpVerb;
        boolean verbFromMethod = true;
        if (SPECIAL_VERBS.contains(rest.get(0))) {
            if (rest.size() < 2) {
                return nonResource;
            }
            verb = rest.get(0);
            verbFromMethod = false;
            rest = rest.subList(1, rest.size());
        }
        String namespace = "";
        if (rest.get(0).equals("namespaces")) {
            if (rest.size() > 1) {
                namespace = rest.get(1);
                if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                    rest = rest.subList(2, rest.size());
                }
            }
        }
        String resource = rest.get(0);
        String name = rest.size() >= 2 ? rest.get(1) : "";
        String subresource = rest.size() >= 3 && !verb.equals("proxy") ? rest.get(2) : "";
        if (verbFromMethod && name.isEmpty() && verb.equals("get")) {
            String watch = query.get("watch");
            verb = "true".equals(watch) || "1".equals(watch) ? "watch" : "list";
            String exactName = exactName(query.get("fieldSelector"));
            if (exactName != null) {
                name = exactName;
            }
        }
        if (verbFromMethod && name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        return new RequestAttributes(true, verb, group, version, resource, subresource, namespace, name, path);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment; // a malformed escape: the route answers 404 for it later
        }
    }

    /** {@code metadata.name=NAME} (or {@code ==}) when it is the selector's only requirement. */
    private static String exactName(String fieldSelector) {
        if (fieldSelector == null || fieldSelector.isBlank() || fieldSelector.contains(",")) {
            return null;
        }
        String s = fieldSelector.trim();
        for (String op : List.of("==", "=")) {
            if (s.startsWith("metadata.name" + op)) {
                String value = s.substring(("metadata.name" + op).length());
                return value.isEmpty() || value.contains("/") ? null : value;
            }
        }
        return null;
    }

    /** {@code pods} or {@code pods/eviction}: what an RBAC rule's resources are matched against. */
    public String combinedResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    /**
     * The API server's message for a refusal of this request to {@code user}
     * (apiserver/pkg/endpoints/handlers/responsewriters {@code forbiddenMessage} and {@code NewForbidden}).
     */
    public String forbiddenMessage(UserInfo user, String reason) {
        String why;
        if (!resourceRequest) {
            why = "User \"" + user.name() + "\" cannot " + verb + " path \"" + path + "\"";
        } else if (!namespace.isEmpty()) {
            why = "User \"" + user.name() + "\" cannot " + verb + " resource \"" + combinedResource()
                    + "\" in API group \"" + apiGroup + "\" in the namespace \"" + namespace + "\"";
        } else {
            why = "User \"" + user.name() + "\" cannot " + verb + " resource \"" + combinedResource()
                    + "\" in API group \"" + apiGroup + "\" at the cluster scope";
        }
        if (reason != null && !reason.isEmpty()) {
            why = why + ": " + reason;
        }
        if (!resourceRequest) {
            return "forbidden: " + why;
        }
        String qualified = apiGroup.isEmpty() ? resource : resource + "." + apiGroup;
        return name.isEmpty() ? qualified + " is forbidden: " + why
                : qualified + " \"" + name + "\" is forbidden: " + why;
    }
}
