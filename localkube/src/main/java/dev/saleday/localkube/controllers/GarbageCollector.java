package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Background cascading deletion: a dependent whose every owner (by ownerReferences uid) is gone is deleted, as
 * Kubernetes' garbage collector does. Before deleting, each owner's absence is confirmed with a live read, so a
 * lagging cache never takes down a dependent of a living owner. Watches the dependents the harness creates:
 * ReplicaSets, Pods and EndpointSlices.
 */
public final class GarbageCollector extends Reconciler {

    private static final Map<String, ResourceDefinitionContext> OWNER_KINDS = Map.of(
            "Deployment", context("apps", "v1", "deployments", "Deployment"),
            "ReplicaSet", context("apps", "v1", "replicasets", "ReplicaSet"),
            "StatefulSet", context("apps", "v1", "statefulsets", "StatefulSet"),
            "DaemonSet", context("apps", "v1", "daemonsets", "DaemonSet"),
            "Job", context("batch", "v1", "jobs", "Job"),
            "Service", context("", "v1", "services", "Service"),
            "Pod", context("", "v1", "pods", "Pod"));

    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<EndpointSlice> slices;
    /** Owner uid -> keys of dependents, refreshed from the caches when an owner disappears. */
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.apps.Deployment> deployments;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Service> services;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.batch.v1.Job> jobs;

    @Override
    public String name() {
        return "garbage-collector";
    }

    private static ResourceDefinitionContext context(String group, String version, String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                .withKind(kind).withNamespaced(true).build();
    }

    @Override
    protected void startInformers() {
        replicaSets = informer(context.client().apps().replicaSets().inAnyNamespace().runnableInformer(0),
                rs -> {
                    List<String> keys = new ArrayList<>(dependentsOf(rs));
                    keys.add("ReplicaSet:" + key(rs));
                    return keys;
                });
        pods = informer(context.client().pods().inAnyNamespace().runnableInformer(0), pod -> List.of("Pod:" + key(pod)));
        slices = informer(context.client().discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0),
                s -> List.of("EndpointSlice:" + key(s)));
        // owners: their deletion re-queues their dependents
        deployments = informer(context.client().apps().deployments().inAnyNamespace().runnableInformer(0),
                d -> dependentsOf(d));
        services = informer(context.client().services().inAnyNamespace().runnableInformer(0), s -> dependentsOf(s));
        jobs = informer(context.client().batch().v1().jobs().inAnyNamespace().runnableInformer(0), j -> dependentsOf(j));
    }

    private List<String> dependentsOf(HasMetadata owner) {
        if (replicaSets == null || pods == null || slices == null || owner.getMetadata().getUid() == null) {
            return List.of();
        }
        String uid = owner.getMetadata().getUid();
        List<String> keys = new ArrayList<>();
        replicaSets.getStore().list().stream().filter(o -> ownedBy(o, uid)).forEach(o -> keys.add("ReplicaSet:" + key(o)));
        pods.getStore().list().stream().filter(o -> ownedBy(o, uid)).forEach(o -> keys.add("Pod:" + key(o)));
        slices.getStore().list().stream().filter(o -> ownedBy(o, uid)).forEach(o -> keys.add("EndpointSlice:" + key(o)));
        return keys;
    }

    private static boolean ownedBy(HasMetadata object, String uid) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(r -> uid.equals(r.getUid()));
    }

    @Override
    protected void afterSync() {
        replicaSets.getStore().list().forEach(o -> enqueue("ReplicaSet:" + key(o)));
        pods.getStore().list().forEach(o -> enqueue("Pod:" + key(o)));
    }

    @Override
    protected Optional<Duration> reconcile(String key) {
        int colon = key.indexOf(':');
        String kind = key.substring(0, colon);
        String objectKey = key.substring(colon + 1);
        HasMetadata dependent = switch (kind) {
            case "ReplicaSet" -> replicaSets.getStore().getByKey(objectKey);
            case "Pod" -> pods.getStore().getByKey(objectKey);
            default -> slices.getStore().getByKey(objectKey);
        };
        if (dependent == null || Pods.isTerminating(dependent)) {
            return Optional.empty();
        }
        List<OwnerReference> refs = dependent.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return Optional.empty();
        }
        String namespace = dependent.getMetadata().getNamespace();
        for (OwnerReference ref : refs) {
            if (ownerExists(namespace, ref)) {
                return Optional.empty();
            }
        }
        String name = dependent.getMetadata().getName();
        // The owners are confirmed gone; now the dependent is read live. An Orphan delete strips the owner reference
        // in the same step that removes the owner, so a cached copy may still name an owner that let it go.
        if (!stillOwnedOnlyBy(kind, namespace, name, refs)) {
            return Optional.empty();
        }
        dependent(kind, namespace, name).delete();
        return Optional.empty();
    }

    private boolean stillOwnedOnlyBy(String kind, String namespace, String name, List<OwnerReference> goneOwners) {
        HasMetadata live = dependent(kind, namespace, name).get();
        if (live == null || Pods.isTerminating(live)) {
            return false;
        }
        List<OwnerReference> liveRefs = live.getMetadata().getOwnerReferences();
        if (liveRefs == null || liveRefs.isEmpty()) {
            return false;
        }
        return liveRefs.stream().allMatch(ref -> goneOwners.stream()
                .anyMatch(gone -> gone.getUid().equals(ref.getUid())));
    }

    /** The API resource of a dependent this collector watches, by the kind its work-queue key names. */
    private Resource<? extends HasMetadata> dependent(String kind, String namespace, String name) {
        return switch (kind) {
            case "ReplicaSet" -> context.client().apps().replicaSets().inNamespace(namespace).withName(name);
            case "Pod" -> context.client().pods().inNamespace(namespace).withName(name);
            default -> context.client().discovery().v1().endpointSlices().inNamespace(namespace).withName(name);
        };
    }

    private boolean ownerExists(String namespace, OwnerReference ref) {
        ResourceDefinitionContext type = OWNER_KINDS.get(ref.getKind());
        if (type == null) {
            return true; // an owner kind we do not know: never collect on a guess
        }
        HasMetadata owner = context.client().genericKubernetesResources(type).inNamespace(namespace)
                .withName(ref.getName()).get();
        return owner != null && ref.getUid().equals(owner.getMetadata().getUid());
    }
}
