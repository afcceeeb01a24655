package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ReplicaSet -> Pods. Creates pods from the template (owned by the ReplicaSet) until the active count matches
 * spec.replicas; on scale-down deletes the pods Kubernetes would pick first ({@link ScaleDownOrder}: unscheduled,
 * pending, not ready, lower deletion cost, doubled up on a node, ready for less time in powers of two, more restarts,
 * newer). Terminating pods do not count. Like client-go's
 * "expectations", it takes no new step until its previous creates and deletes show up in the cache.
 */
public final class ReplicaSetController extends Reconciler {

    private static final Duration EXPECTATIONS_TIMEOUT = Duration.ofSeconds(30);

    /** Pods created or deleted by the last step, not yet seen in the cache. */
    private record Expectations(Set<String> creates, Set<String> deletes, Instant deadline) {
    }

    private final Map<String, Expectations> expectations = new ConcurrentHashMap<>();
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;

    @Override
    public String name() {
        return "replicaset";
    }

    @Override
    protected void startInformers() {
        replicaSets = informer(context.client().apps().replicaSets().inAnyNamespace().runnableInformer(0),
                rs -> List.of(key(rs)));
        pods = informer(context.client().pods().inAnyNamespace().runnableInformer(0),
                pod -> Pods.controllerOf(pod).filter(r -> "ReplicaSet".equals(r.getKind()))
                        .map(r -> List.of(pod.getMetadata().getNamespace() + "/" + r.getName())).orElse(List.of()));
    }

    @Override
    protected Optional<Duration> reconcile(String key) {
        ReplicaSet rs = replicaSets.getStore().getByKey(key);
        if (rs == null) {
            expectations.remove(key);
            return Optional.empty();
        }
        List<Pod> owned = new ArrayList<>();
        for (Pod pod : pods.getStore().list()) {
            if (rs.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()) && Pods.isControlledBy(pod, rs)) {
                owned.add(pod);
            }
        }
        List<Pod> active = owned.stream().filter(Pods::isActive).toList();
        if (Pods.isTerminating(rs)) {
            return Optional.empty();
        }
        if (!satisfied(key, owned)) {
            updateStatus(rs, active);
            return Optional.of(Duration.ofSeconds(1));
        }
        int desired = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        int diff = active.size() - desired;
        if (diff < 0) {
            createPods(key, rs, -diff);
            return Optional.empty();
        }
        if (diff > 0) {
            deletePods(key, rs, active, diff);
            return Optional.empty();
        }
        return updateStatus(rs, active);
    }

    private boolean satisfied(String key, List<Pod> owned) {
        Expectations e = expectations.get(key);
        if (e == null) {
            return true;
        }
        Set<String> names = new HashSet<>();
        Set<String> activeNames = new HashSet<>();
        for (Pod pod : owned) {
            names.add(pod.getMetadata().getName());
            if (!Pods.isTerminating(pod)) {
                activeNames.add(pod.getMetadata().getName());
            }
        }
        boolean seen = names.containsAll(e.creates()) && e.deletes().stream().noneMatch(activeNames::contains);
        if (seen || Instant.now().isAfter(e.deadline())) {
            expectations.remove(key);
            return true;
        }
        return false;
    }

    private void createPods(String key, ReplicaSet rs, int count) {
        Set<String> created = new HashSet<>();
        expectations.put(key, new Expectations(created, Set.of(), Instant.now().plus(EXPECTATIONS_TIMEOUT)));
        ObjectMeta template = rs.getSpec().getTemplate().getMetadata();
        for (int i = 0; i < count; i++) {
            Pod pod = new PodBuilder()
                    .withNewMetadata()
                    .withGenerateName(rs.getMetadata().getName() + "-")
                    .withNamespace(rs.getMetadata().getNamespace())
                    .withLabels(template == null ? Map.of() : template.getLabels())
                    .withAnnotations(template == null ? Map.of() : template.getAnnotations())
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                            .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                    .endMetadata()
                    .withSpec(rs.getSpec().getTemplate().getSpec())
                    .build();
            Pod made = context.client().pods().inNamespace(rs.getMetadata().getNamespace()).resource(pod).create();
            created.add(made.getMetadata().getName());
            context.events().record(rs, "Normal", "SuccessfulCreate", "Created pod: " + made.getMetadata().getName());
        }
    }

    private void deletePods(String key, ReplicaSet rs, List<Pod> active, int count) {
        List<Pod> ranked = new ScaleDownOrder(context.clock().instant(), activeRelatedPodsByNode(rs)).sort(active);
        Set<String> deleted = new HashSet<>();
        expectations.put(key, new Expectations(Set.of(), deleted, Instant.now().plus(EXPECTATIONS_TIMEOUT)));
        for (Pod pod : ranked.subList(0, count)) {
            deleted.add(pod.getMetadata().getName());
            context.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .delete();
            context.events().record(rs, "Normal", "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
        }
    }

    /**
     * The active pods on each node of every ReplicaSet with the same controller as {@code rs} (its Deployment's
     * ReplicaSets, old and new), as replica_set.go's getIndirectlyRelatedPods; none for a ReplicaSet without one.
     */
    private Map<String, Integer> activeRelatedPodsByNode(ReplicaSet rs) {
        Optional<String> controller = Pods.controllerOf(rs).map(r -> r.getUid());
        if (controller.isEmpty()) {
            return Map.of();
        }
        Set<String> related = new HashSet<>();
        for (ReplicaSet other : replicaSets.getStore().list()) {
            if (rs.getMetadata().getNamespace().equals(other.getMetadata().getNamespace())
                    && Pods.controllerOf(other).map(r -> controller.get().equals(r.getUid())).orElse(false)) {
                related.add(other.getMetadata().getUid());
            }
        }
        Map<String, Integer> byNode = new HashMap<>();
        for (Pod pod : pods.getStore().list()) {
            if (Pods.isActive(pod) && pod.getSpec() != null && pod.getSpec().getNodeName() != null
                    && Pods.controllerOf(pod).map(r -> related.contains(r.getUid())).orElse(false)) {
                byNode.merge(pod.getSpec().getNodeName(), 1, Integer::sum);
            }
        }
        return byNode;
    }

    /** Writes status if it changed; returns when to look again for pods about to become available. */
    private Optional<Duration> updateStatus(ReplicaSet rs, List<Pod> active) {
        int minReadySeconds = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        Instant now = context.clock().instant();
        int ready = 0;
        int available = 0;
        int labeled = 0;
        Duration soonest = null;
        Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata() == null ? Map.of()
                : rs.getSpec().getTemplate().getMetadata().getLabels();
        for (Pod pod : active) {
            if (Pods.isReady(pod)) {
                ready++;
                if (Pods.isAvailable(pod, minReadySeconds, now)) {
                    available++;
                } else {
                    Instant at = Pods.readySince(pod).orElse(now).plusSeconds(minReadySeconds);
                    Duration wait = Duration.between(now, at).plusMillis(100);
                    soonest = soonest == null || wait.compareTo(soonest) < 0 ? wait : soonest;
                }
            }
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            if (templateLabels == null || labels.entrySet().containsAll(templateLabels.entrySet())) {
                labeled++;
            }
        }
        ReplicaSetStatus status = new ReplicaSetStatusBuilder()
                .withReplicas(active.size())
                .withFullyLabeledReplicas(labeled)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .build();
        ReplicaSetStatus old = rs.getStatus();
        boolean changed = old == null || !same(old.getReplicas(), status.getReplicas())
                || !same(old.getReadyReplicas(), status.getReadyReplicas())
                || !same(old.getAvailableReplicas(), status.getAvailableReplicas())
                || !same(old.getFullyLabeledReplicas(), status.getFullyLabeledReplicas())
                || !java.util.Objects.equals(old.getObservedGeneration(), status.getObservedGeneration());
        if (changed) {
            ReplicaSet copy = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder(rs).withStatus(status).build();
            context.client().apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(copy)
                    .updateStatus();
        }
        return Optional.ofNullable(soonest);
    }

    private static boolean same(Integer a, Integer b) {
        return (a == null ? 0 : a) == (b == null ? 0 : b);
    }

    /** For tests and benchmarks: pods this controller still waits to see, per ReplicaSet key. */
    Map<String, Integer> pendingExpectations() {
        Map<String, Integer> pending = new HashMap<>();
        expectations.forEach((k, e) -> pending.put(k, e.creates().size() + e.deletes().size()));
        return pending;
    }
}
