package dev.saleday.localkube.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The kinds localkube serves: what the harness, kubectl and the k8s/ manifests use. Anything else is a 404. */
public final class ResourceTypes {

    private static final List<ResourceType> ALL = List.of(
            ns("", "v1", "pods", "Pod", List.of("po"), Set.of("status", "eviction", "binding", "log", "proxy")),
            ns("", "v1", "services", "Service", List.of("svc"), Set.of("status", "proxy")),
            ns("", "v1", "endpoints", "Endpoints", List.of("ep"), Set.of()),
            ns("", "v1", "configmaps", "ConfigMap", List.of("cm"), Set.of()),
            ns("", "v1", "secrets", "Secret", List.of(), Set.of()),
            ns("", "v1", "events", "Event", List.of("ev"), Set.of()),
            ns("", "v1", "bindings", "Binding", List.of(), Set.of()),
            ns("", "v1", "serviceaccounts", "ServiceAccount", List.of("sa"), Set.of("token")),
            ns("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", List.of("pvc"), Set.of("status")),
            ns("", "v1", "limitranges", "LimitRange", List.of("limits"), Set.of()),
            ns("", "v1", "resourcequotas", "ResourceQuota", List.of("quota"), Set.of("status")),
            cluster("", "v1", "namespaces", "Namespace", List.of("ns"), Set.of("status")),
            cluster("", "v1", "nodes", "Node", List.of("no"), Set.of("status")),
            ns("apps", "v1", "deployments", "Deployment", List.of("deploy"), Set.of("status", "scale")),
            ns("apps", "v1", "replicasets", "ReplicaSet", List.of("rs"), Set.of("status", "scale")),
            ns("apps", "v1", "statefulsets", "StatefulSet", List.of("sts"), Set.of("status", "scale")),
            ns("apps", "v1", "daemonsets", "DaemonSet", List.of("ds"), Set.of("status")),
            ns("apps", "v1", "controllerrevisions", "ControllerRevision", List.of(), Set.of()),
            ns("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", List.of("hpa"), Set.of("status")),
            ns("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", List.of("hpa"), Set.of("status")),
            ns("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", List.of("pdb"), Set.of("status")),
            ns("batch", "v1", "jobs", "Job", List.of(), Set.of("status")),
            ns("batch", "v1", "cronjobs", "CronJob", List.of("cj"), Set.of("status")),
            ns("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", List.of(), Set.of()),
            ns("networking.k8s.io", "v1", "ingresses", "Ingress", List.of("ing"), Set.of("status")),
            ns("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", List.of("netpol"), Set.of()),
            ns("coordination.k8s.io", "v1", "leases", "Lease", List.of(), Set.of()),
            ns("rbac.authorization.k8s.io", "v1", "roles", "Role", List.of(), Set.of()),
            ns("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", List.of(), Set.of()),
            cluster("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", List.of(), Set.of()),
            cluster("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", List.of(), Set.of()));

    private ResourceTypes() {
    }

    public static List<ResourceType> all() {
        return ALL;
    }

    /** The type served at {@code group/version} under {@code plural}. */
    public static Optional<ResourceType> find(String group, String version, String plural) {
        return ALL.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
                .findFirst();
    }

    /** The type of {@code apiVersion}/{@code kind}, e.g. {@code apps/v1} Deployment. */
    public static Optional<ResourceType> byKind(String apiVersion, String kind) {
        return ALL.stream().filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
    }

    public static ResourceType require(String group, String plural) {
        return ALL.stream().filter(t -> t.group().equals(group) && t.plural().equals(plural)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resource " + group + "/" + plural));
    }

    /** Group name -> versions served, in a stable order; core ({@code ""}) included. */
    public static Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ResourceType type : ALL) {
            List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
            if (!versions.contains(type.version())) {
                versions.add(type.version());
            }
        }
        return groups;
    }

    private static ResourceType ns(String group, String version, String plural, String kind, List<String> shortNames,
                                   Set<String> subresources) {
        return new ResourceType(group, version, plural, kind, true, shortNames, subresources);
    }

    private static ResourceType cluster(String group, String version, String plural, String kind,
                                        List<String> shortNames, Set<String> subresources) {
        return new ResourceType(group, version, plural, kind, false, shortNames, subresources);
    }
}
