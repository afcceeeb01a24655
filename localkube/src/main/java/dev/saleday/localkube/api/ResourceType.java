package dev.saleday.localkube.api;

import java.util.List;
import java.util.Set;

/**
 * One kind the API server stores, as discovery describes it.
 *
 * @param group        API group, {@code ""} for core
 * @param version      served version
 * @param plural       resource name in paths, e.g. {@code deployments}
 * @param kind         object kind, e.g. {@code Deployment}
 * @param namespaced   whether objects live in a namespace
 * @param shortNames   kubectl short names
 * @param subresources served subresources, e.g. {@code status}, {@code scale}
 */
public record ResourceType(String group, String version, String plural, String kind, boolean namespaced,
                           List<String> shortNames, Set<String> subresources) {

    /** {@code v1} or {@code apps/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String listKind() {
        return kind + "List";
    }

    public String singular() {
        return kind.toLowerCase(java.util.Locale.ROOT);
    }

    /** Status is written only through the status subresource, and spec changes bump metadata.generation. */
    public boolean hasStatusSubresource() {
        return subresources.contains("status");
    }

    /** Path prefix of this type's group/version, e.g. {@code /apis/apps/v1}. */
    public String basePath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }
}
