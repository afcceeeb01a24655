package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
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
 * <p>
 * Foreground deletion, as pkg/controller/garbagecollector/garbagecollector.go has it ({@code attemptToDeleteItem},
 * {@code processDeletingDependentsItem}): an owner marked for deletion with the {@code foregroundDeletion} finalizer
 * has its dependents deleted (Foreground themselves when they have dependents of their own, so the cascade goes
 * down level by level, else Background); it keeps its finalizer, and so stays in the API, until none of its
 * dependents whose reference says {@code blockOwnerDeletion} is left, terminating ones included; then the finalizer
 * comes off and the API server removes it.
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

    private static final String FOREGROUND = "Foreground:";
    private static final String RESYNC = "Resync";
    private static final String FOREGROUND_DELETION = "foregroundDeletion";

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
                    keys.addAll(foregroundKeys(rs));
                    return keys;
                });
        pods = informer(context.client().pods().inAnyNamespace().runnableInformer(0), pod -> {
            List<String> keys = new ArrayList<>(foregroundKeys(pod));
            keys.add("Pod:" + key(pod));
            return keys;
        });
        slices = informer(context.client().discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0),
                s -> {
                    List<String> keys = new ArrayList<>(foregroundKeys(s));
                    keys.add("EndpointSlice:" + key(s));
                    return keys;
                });
        // owners: their deletion re-queues their dependents
        deployments = informer(context.client().apps().deployments().inAnyNamespace().runnableInformer(0),
                d -> withForeground(dependentsOf(d), d));
        services = informer(context.client().services().inAnyNamespace().runnableInformer(0),
                s -> withForeground(dependentsOf(s), s));
        jobs = informer(context.client().batch().v1().jobs().inAnyNamespace().runnableInformer(0),
                j -> withForeground(dependentsOf(j), j));
    }

    private List<String> withForeground(List<String> keys, HasMetadata owner) {
        List<String> all = new ArrayList<>(keys);
        all.addAll(foregroundKeys(owner));
        return all;
    }

    /**
     * The Foreground work an object's change may move on: its own, when it is being deleted in the foreground, and its
     * owners' (a dependent gone may be the last one an owner waited for).
     */
    private static List<String> foregroundKeys(HasMetadata object) {
        List<String> keys = new ArrayList<>();
        String namespace = object.getMetadata().getNamespace();
        if (deletingDependents(object)) {
            keys.add(FOREGROUND + object.getKind() + ":" + namespace + "/" + object.getMetadata().getName());
        }
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs != null) {
            for (OwnerReference ref : refs) {
                if (OWNER_KINDS.containsKey(ref.getKind())) {
                    keys.add(FOREGROUND + ref.getKind() + ":" + namespace + "/" + ref.getName());
                }
            }
        }
        return keys;
    }

    private static boolean deletingDependents(HasMetadata object) {
        List<String> finalizers = object.getMetadata().getFinalizers();
        return object.getMetadata().getDeletionTimestamp() != null && finalizers != null
                && finalizers.contains(FOREGROUND_DELETION);
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
        enqueue(RESYNC);
    }

    /**
     * Every owner being deleted in the foreground, from the caches, queued again every 2 s: the collector's periodic
     * look at its graph, so an owner whose last change was missed is not left waiting.
     */
    private Optional<Duration> resyncForeground() {
        List<HasMetadata> owners = new ArrayList<>();
        owners.addAll(deployments.getStore().list());
        owners.addAll(replicaSets.getStore().list());
        owners.addAll(jobs.getStore().list());
        owners.addAll(services.getStore().list());
        owners.addAll(pods.getStore().list());
        for (HasMetadata owner : owners) {
            if (deletingDependents(owner)) {
                enqueue(FOREGROUND + owner.getKind() + ":" + key(owner));
            }
        }
        return Optional.of(Duration.ofSeconds(2));
    }

    @Override
    protected Optional<Duration> reconcile(String key) {
        if (RESYNC.equals(key)) {
            return resyncForeground();
        }
        if (key.startsWith(FOREGROUND)) {
            return deleteDependentsFirst(key.substring(FOREGROUND.length()));
        }
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

    /**
     * One step of an owner's Foreground deletion ({@code Kind:namespace/name}): its dependents deleted, and once none
     * that blocks it is left, its {@code foregroundDeletion} finalizer removed. Read live: a cache that has not yet
     * seen a new dependent must not let the owner go.
     */
    private Optional<Duration> deleteDependentsFirst(String ownerKey) {
        int colon = ownerKey.indexOf(':');
        ResourceDefinitionContext type = OWNER_KINDS.get(ownerKey.substring(0, colon));
        String namespace = ownerKey.substring(colon + 1, ownerKey.indexOf('/'));
        String name = ownerKey.substring(ownerKey.indexOf('/') + 1);
        var ownerResource = context.client().genericKubernetesResources(type).inNamespace(namespace).withName(name);
        HasMetadata owner = ownerResource.get();
        if (owner == null || !deletingDependents(owner)) {
            return Optional.empty();
        }
        String uid = owner.getMetadata().getUid();
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(context.client().apps().replicaSets().inNamespace(namespace).list().getItems());
        all.addAll(context.client().pods().inNamespace(namespace).list().getItems());
        all.addAll(context.client().discovery().v1().endpointSlices().inNamespace(namespace).list().getItems());
        boolean blocked = false;
        for (HasMetadata dependent : all) {
            OwnerReference ref = referenceTo(dependent, uid);
            if (ref == null) {
                continue;
            }
            blocked |= Boolean.TRUE.equals(ref.getBlockOwnerDeletion());
            if (dependent.getMetadata().getDeletionTimestamp() == null) {
                String dependentUid = dependent.getMetadata().getUid();
                boolean hasDependents = all.stream().anyMatch(o -> referenceTo(o, dependentUid) != null);
                deleteDependent(dependent, hasDependents ? DeletionPropagation.FOREGROUND
                        : DeletionPropagation.BACKGROUND);
            }
        }
        if (blocked) {
            return Optional.of(Duration.ofSeconds(1)); // dependents' events re-queue it sooner
        }
        ownerResource.edit(o -> {
            o.getMetadata().getFinalizers().remove(FOREGROUND_DELETION);
            return o;
        });
        return Optional.empty();
    }

    private static OwnerReference referenceTo(HasMetadata dependent, String uid) {
        List<OwnerReference> refs = dependent.getMetadata().getOwnerReferences();
        return refs == null ? null : refs.stream().filter(r -> uid.equals(r.getUid())).findFirst().orElse(null);
    }

    private void deleteDependent(HasMetadata dependent, DeletionPropagation propagation) {
        String kind = dependent instanceof ReplicaSet ? "ReplicaSet" : dependent instanceof Pod ? "Pod" : "EndpointSlice";
        dependent(kind, dependent.getMetadata().getNamespace(), dependent.getMetadata().getName())
                .withPropagationPolicy(propagation).delete();
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
