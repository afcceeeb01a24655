package dev.saleday.localkube.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A resource path taken apart: {@code /api/v1/namespaces/shop/pods/p1/status},
 * {@code /apis/apps/v1/deployments}, {@code /api/v1/nodes/local-node-a}. Discovery paths are not ApiPaths.
 *
 * @param namespace   null for cluster-scoped types and all-namespace lists
 * @param name        null for collections
 * @param subresource null for the main resource
 * @param legacyWatch the path had the old {@code /watch/} segment
 */
public record ApiPath(ResourceType type, String namespace, String name, String subresource, boolean legacyWatch) {

    /** @throws ApiException 404 when the path names nothing this server serves */
    public static ApiPath parse(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        String group;
        String version;
        int at;
        if (segments.size() >= 3 && segments.get(0).equals("api")) {
            group = "";
            version = segments.get(1);
            at = 2;
        } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            version = segments.get(2);
            at = 3;
        } else {
            throw notFound(path);
        }
        List<String> rest = segments.subList(at, segments.size());
        boolean legacyWatch = false;
        if (!rest.isEmpty() && rest.get(0).equals("watch")) {
            legacyWatch = true;
            rest = rest.subList(1, rest.size());
        }
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")
                && ResourceTypes.find(group, version, rest.get(2)).map(ResourceType::namespaced).orElse(false)) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty() || rest.size() > 3) {
            throw notFound(path);
        }
        ResourceType type = ResourceTypes.find(group, version, rest.get(0)).orElseThrow(() -> notFound(path));
        String name = rest.size() > 1 ? rest.get(1) : null;
        String sub = rest.size() > 2 ? rest.get(2) : null;
        if (type.namespaced() && namespace == null && name != null) {
            throw notFound(path);
        }
        if (sub != null && !type.subresources().contains(sub)) {
            throw notFound(path);
        }
        return new ApiPath(type, namespace, name, sub, legacyWatch);
    }

    private static ApiException notFound(String path) {
        return new ApiException(404, "NotFound", "the server could not find the requested resource (" + path + ")");
    }
}
