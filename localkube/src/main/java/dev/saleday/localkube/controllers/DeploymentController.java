package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Deployment -> ReplicaSets, as kube-controller-manager does it: the ReplicaSet whose template equals the
 * Deployment's (ignoring {@code pod-template-hash}) is the new one, named {@code <deployment>-<hash>} and stamped with
 * the next {@code deployment.kubernetes.io/revision}; RollingUpdate scales it up within maxSurge and the old ones down
 * within maxUnavailable (availability counted from ReplicaSet status, honouring minReadySeconds); Recreate scales the
 * old ones to zero and waits for their pods to be gone. One scaling step per reconcile; status written each time,
 * with the Progressing condition and {@code progressDeadlineSeconds} as Kubernetes has them ({@link DeploymentProgress}).
 * Rolling back is setting the template back: the old ReplicaSet becomes the new one and gets the next revision.
 * Each ReplicaSet it sizes carries the Deployment's replicas and replicas + maxSurge it was sized for
 * ({@code deployment.kubernetes.io/desired-replicas}, {@code max-replicas}); an active ReplicaSet whose
 * desired-replicas differs from the Deployment's is a scaling event (the HPA acted), which is shared among the active
 * ReplicaSets by {@link ProportionalScale} before the rollout goes on (sync.go {@code isScalingEvent}, {@code sync}).
 */
public final class DeploymentController extends Reconciler {

    public static final String HASH_LABEL = "pod-template-hash";
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    private static final String HASH_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    protected void startInformers() {
        deployments = informer(context.client().apps().deployments().inAnyNamespace().runnableInformer(0),
                d -> List.of(key(d)));
        replicaSets = informer(context.client().apps().replicaSets().inAnyNamespace().runnableInformer(0),
                rs -> ownerKey(rs, "Deployment"));
        pods = informer(context.client().pods().inAnyNamespace().runnableInformer(0), pod -> List.of());
    }

    private List<String> ownerKey(io.fabric8.kubernetes.api.model.HasMetadata object, String kind) {
        return Pods.controllerOf(object).filter(r -> kind.equals(r.getKind()))
                .map(r -> List.of(object.getMetadata().getNamespace() + "/" + r.getName())).orElse(List.of());
    }

    @Override
    protected Optional<Duration> reconcile(String key) {
        Deployment d = deployments.getStore().getByKey(key);
        if (d == null || Pods.isTerminating(d)) {
            return Optional.empty();
        }
        String namespace = d.getMetadata().getNamespace();
        List<ReplicaSet> owned = new ArrayList<>();
        for (ReplicaSet rs : replicaSets.getStore().list()) {
            if (namespace.equals(rs.getMetadata().getNamespace()) && Pods.isControlledBy(rs, d)) {
                owned.add(rs);
            }
        }
        owned.sort(Comparator.comparing((ReplicaSet rs) -> revision(rs)));
        ReplicaSet newRs = owned.stream().filter(rs -> sameTemplate(rs, d)).findFirst().orElse(null);
        List<ReplicaSet> old = owned.stream().filter(rs -> rs != newRs).toList();
        long maxRevision = owned.stream().mapToLong(DeploymentController::revision).max().orElse(0);
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();

        if (scalingEvent(owned, replicas)) {
            if (!cacheCurrent(owned)) {
                // the sizes are shared from every ReplicaSet's size at once: a cache that has seen only part of an
                // earlier sharing would share the same change twice
                return Optional.of(Duration.ofMillis(100));
            }
            scaleProportionally(d, newRs, old, replicas);
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            // kubectl rollout pause: template changes wait (no new ReplicaSet, no rolling) until resumed
            if (newRs != null && caughtUp(owned)) {
                writeStatus(d, newRs, owned, replicas, true);
            } else if (d.getStatus() == null
                    || !Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())) {
                Deployment observed = new DeploymentBuilder(d).editOrNewStatus()
                        .withObservedGeneration(d.getMetadata().getGeneration()).endStatus().build();
                context.client().apps().deployments().inNamespace(namespace).resource(observed).updateStatus();
            }
            return Optional.empty();
        }
        if (newRs == null) {
            createReplicaSet(d, old, maxRevision + 1, replicas);
            return Optional.empty();
        }
        if (revision(newRs) < maxRevision) {
            // a rollback: the old template is current again, and becomes the newest revision
            ReplicaSet bumped = new ReplicaSetBuilder(newRs).editMetadata()
                    .addToAnnotations(REVISION, Long.toString(maxRevision + 1)).endMetadata().build();
            context.client().apps().replicaSets().inNamespace(namespace).resource(bumped).update();
            return Optional.empty();
        }
        markRevision(d, revision(newRs));
        if (!caughtUp(owned)) {
            writeStatus(d, newRs, owned, replicas, false);
            return Optional.of(Duration.ofMillis(500));
        }
        boolean stepped = "Recreate".equals(d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getType())
                ? recreate(d, newRs, old, replicas)
                : rollingUpdate(d, newRs, old, replicas);
        if (!stepped) {
            cleanup(d, old);
        }
        DeploymentCondition progressing = writeStatus(d, newRs, owned, replicas, false);
        // requeueStuckDeployment in progress.go: look again when the progress deadline would pass
        return DeploymentProgress.untilDeadline(progressing, d.getSpec().getProgressDeadlineSeconds(),
                context.clock().instant());
    }

    /**
     * The Deployment carries its current revision ({@code deployment.kubernetes.io/revision}), as Kubernetes'
     * controller writes it: {@code kubectl rollout undo} reads and replaces the annotations.
     */
    private void markRevision(Deployment d, long revision) {
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        String wanted = Long.toString(revision);
        if (annotations != null && wanted.equals(annotations.get(REVISION))) {
            return;
        }
        context.client().apps().deployments().inNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName()).edit(current -> new DeploymentBuilder(current).editMetadata()
                        .addToAnnotations(REVISION, wanted).endMetadata().build());
    }

    /** Every ReplicaSet's status reflects its spec: counts read from it can be trusted. */
    private static boolean caughtUp(List<ReplicaSet> replicaSets) {
        for (ReplicaSet rs : replicaSets) {
            Long observed = rs.getStatus() == null ? null : rs.getStatus().getObservedGeneration();
            if (observed == null || observed < rs.getMetadata().getGeneration()) {
                return false;
            }
        }
        return true;
    }

    private boolean rollingUpdate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, int replicas) {
        var rolling = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        RollingMath.Fenceposts f = RollingMath.resolve(rolling == null ? null : rolling.getMaxSurge(),
                rolling == null ? null : rolling.getMaxUnavailable(), replicas);
        int newSpec = spec(newRs);
        int allSpec = newSpec + old.stream().mapToInt(DeploymentController::spec).sum();
        if (newSpec > replicas) {
            scale(d, newRs, replicas);
            return true;
        }
        if (newSpec < replicas) {
            int room = replicas + f.maxSurge() - allSpec;
            int up = Math.min(room, replicas - newSpec);
            if (up > 0) {
                scale(d, newRs, newSpec + up);
                return true;
            }
        }
        // scale old ones down without going below replicas - maxUnavailable available pods
        int minAvailable = replicas - f.maxUnavailable();
        int newUnavailable = Math.max(0, newSpec - available(newRs));
        int maxScaledDown = allSpec - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        Map<ReplicaSet, Integer> target = new HashMap<>();
        int budget = maxScaledDown;
        for (ReplicaSet rs : old) {
            int unhealthy = spec(rs) - available(rs);
            int down = Math.min(budget, Math.max(0, unhealthy));
            if (down > 0) {
                target.put(rs, spec(rs) - down);
                budget -= down;
            }
        }
        if (target.isEmpty()) {
            int availableAll = available(newRs) + old.stream().mapToInt(DeploymentController::available).sum();
            int total = Math.min(availableAll - minAvailable, maxScaledDown);
            for (ReplicaSet rs : old) {
                int down = Math.min(spec(rs), total);
                if (down > 0) {
                    target.put(rs, spec(rs) - down);
                    total -= down;
                }
            }
        }
        target.forEach((rs, n) -> scale(d, rs, n));
        return !target.isEmpty();
    }

    private boolean recreate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, int replicas) {
        boolean scaledDown = false;
        for (ReplicaSet rs : old) {
            if (spec(rs) > 0) {
                scale(d, rs, 0);
                scaledDown = true;
            }
        }
        if (scaledDown) {
            return true;
        }
        for (Pod pod : pods.getStore().list()) {
            for (ReplicaSet rs : old) {
                if (Pods.isControlledBy(pod, rs) && !Pods.isTerminal(pod)) {
                    return true; // wait until every old pod is gone
                }
            }
        }
        if (spec(newRs) != replicas) {
            scale(d, newRs, replicas);
            return true;
        }
        return false;
    }

    private void createReplicaSet(Deployment d, List<ReplicaSet> old, long revision, int replicas) {
        String hash = hash(d.getSpec().getTemplate());
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).editOrNewMetadata()
                .addToLabels(HASH_LABEL, hash).endMetadata().build();
        boolean oldPodsExist = old.stream().anyMatch(rs -> spec(rs) > 0 || replicasOf(rs) > 0);
        boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
        int initial = oldPodsExist || recreate && !old.isEmpty() ? 0 : replicas;
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(d.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels())
                .addToAnnotations(REVISION, Long.toString(revision))
                .addToAnnotations(DESIRED_REPLICAS, Integer.toString(replicas))
                .addToAnnotations(MAX_REPLICAS, Integer.toString(replicas + maxSurge(d, replicas)))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(initial)
                .withMinReadySeconds(d.getSpec().getMinReadySeconds())
                .withSelector(new LabelSelectorBuilder(d.getSpec().getSelector()).addToMatchLabels(HASH_LABEL, hash).build())
                .withTemplate(template)
                .endSpec()
                .build();
        context.client().apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).resource(rs).create();
        DeploymentCondition created = DeploymentProgress.created(d.getStatus(), d.getSpec().getProgressDeadlineSeconds(),
                rs.getMetadata().getName(), context.clock().instant());
        if (created != null) {
            List<DeploymentCondition> conditions = new ArrayList<>(d.getStatus() == null
                    || d.getStatus().getConditions() == null ? List.of() : d.getStatus().getConditions());
            conditions.removeIf(c -> "Progressing".equals(c.getType()));
            conditions.add(created);
            Deployment stamped = new DeploymentBuilder(d).editOrNewStatus().withConditions(conditions).endStatus()
                    .build();
            context.client().apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(stamped)
                    .updateStatus();
        }
        if (initial > 0) {
            context.events().record(d, "Normal", "ScalingReplicaSet",
                    "Scaled up replica set " + rs.getMetadata().getName() + " from 0 to " + initial);
        }
    }

    private void scale(Deployment d, ReplicaSet rs, int replicas) {
        int from = spec(rs);
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        ReplicaSet scaled = new ReplicaSetBuilder(rs).editMetadata()
                .addToAnnotations(DESIRED_REPLICAS, Integer.toString(desired))
                .addToAnnotations(MAX_REPLICAS, Integer.toString(desired + maxSurge(d, desired)))
                .endMetadata().editSpec().withReplicas(replicas)
                .withMinReadySeconds(d.getSpec().getMinReadySeconds()).endSpec().build();
        if (scaled.equals(rs)) {
            return;
        }
        context.client().apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(scaled).update();
        if (replicas != from) {
            context.events().record(d, "Normal", "ScalingReplicaSet", "Scaled " + (replicas > from ? "up" : "down")
                    + " replica set " + rs.getMetadata().getName() + " from " + from + " to " + replicas);
        }
    }

    /** An active ReplicaSet was sized for another replica count than the Deployment's now (sync.go isScalingEvent). */
    private static boolean scalingEvent(List<ReplicaSet> owned, int replicas) {
        for (ReplicaSet rs : owned) {
            Integer desired = annotation(rs, DESIRED_REPLICAS);
            if (spec(rs) > 0 && desired != null && desired != replicas) {
                return true;
            }
        }
        return false;
    }

    /**
     * A scaling event, as sync.go {@code scale} handles it: a lone active ReplicaSet (or, with none, the newest) takes
     * the whole count; a saturated new ReplicaSet (all its pods available) lets the old ones go to 0; otherwise, in a
     * RollingUpdate, the change is shared in proportion ({@link ProportionalScale}). Every active ReplicaSet is stamped
     * with the count it now serves, so the event is handled once.
     */
    private void scaleProportionally(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, int replicas) {
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRs != null) {
            all.add(newRs);
        }
        List<ReplicaSet> active = all.stream().filter(rs -> spec(rs) > 0).toList();
        if (active.size() <= 1) {
            ReplicaSet target = !active.isEmpty() ? active.get(0) : newRs != null ? newRs
                    : all.stream().max(Comparator.comparing(DeploymentController::created)).orElse(null);
            if (target != null) {
                scale(d, target, replicas);
            }
            return;
        }
        if (newRs != null && spec(newRs) == replicas && available(newRs) == replicas) {
            for (ReplicaSet rs : old) {
                if (spec(rs) > 0) {
                    scale(d, rs, 0);
                }
            }
            return;
        }
        boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
        if (recreate) {
            active.forEach(rs -> scale(d, rs, spec(rs)));
            return;
        }
        List<ReplicaSet> byAge = new ArrayList<>(active);
        byAge.sort(Comparator.comparing(DeploymentController::created)
                .thenComparing(rs -> rs.getMetadata().getName()));
        List<ProportionalScale.Sized> sized = new ArrayList<>();
        for (int i = 0; i < byAge.size(); i++) {
            ReplicaSet rs = byAge.get(i);
            sized.add(new ProportionalScale.Sized(rs.getMetadata().getName(), spec(rs), annotation(rs, MAX_REPLICAS), i));
        }
        int statusReplicas = d.getStatus() == null || d.getStatus().getReplicas() == null ? 0
                : d.getStatus().getReplicas();
        Map<String, Integer> sizes = ProportionalScale.sizes(sized, replicas, maxSurge(d, replicas), statusReplicas);
        for (ReplicaSet rs : byAge) {
            scale(d, rs, sizes.get(rs.getMetadata().getName()));
        }
    }

    /** The cache holds each of these ReplicaSets as the API server has it now. */
    private boolean cacheCurrent(List<ReplicaSet> cached) {
        for (ReplicaSet rs : cached) {
            ReplicaSet live = context.client().apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                    .withName(rs.getMetadata().getName()).get();
            if (live == null || !Objects.equals(live.getMetadata().getResourceVersion(),
                    rs.getMetadata().getResourceVersion())) {
                return false;
            }
        }
        return true;
    }

    private static String created(ReplicaSet rs) {
        String created = rs.getMetadata().getCreationTimestamp();
        return created == null ? "" : created;
    }

    /** maxSurge for {@code replicas}, 0 for Recreate (deployment_util.go MaxSurge). */
    private static int maxSurge(Deployment d, int replicas) {
        if (d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType())) {
            return 0;
        }
        var rolling = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        return RollingMath.resolve(rolling == null ? null : rolling.getMaxSurge(),
                rolling == null ? null : rolling.getMaxUnavailable(), replicas).maxSurge();
    }

    private static Integer annotation(ReplicaSet rs, String name) {
        Map<String, String> annotations = rs.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(name);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Old ReplicaSets scaled to zero beyond spec.revisionHistoryLimit go, oldest first. */
    private void cleanup(Deployment d, List<ReplicaSet> old) {
        int limit = d.getSpec().getRevisionHistoryLimit() == null ? 10 : d.getSpec().getRevisionHistoryLimit();
        List<ReplicaSet> idle = old.stream().filter(rs -> spec(rs) == 0 && replicasOf(rs) == 0).toList();
        for (int i = 0; i < idle.size() - limit; i++) {
            ReplicaSet rs = idle.get(i);
            context.client().apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                    .withName(rs.getMetadata().getName()).delete();
        }
    }

    /** @return the Progressing condition as written */
    private DeploymentCondition writeStatus(Deployment d, ReplicaSet newRs, List<ReplicaSet> all, int replicas,
                                            boolean paused) {
        int total = all.stream().mapToInt(DeploymentController::replicasOf).sum();
        int ready = all.stream().mapToInt(rs -> rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0
                : rs.getStatus().getReadyReplicas()).sum();
        int available = all.stream().mapToInt(DeploymentController::available).sum();
        int updated = replicasOf(newRs);
        var rolling = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
        int maxUnavailable = recreate ? 0 : RollingMath.resolve(rolling == null ? null : rolling.getMaxSurge(),
                rolling == null ? null : rolling.getMaxUnavailable(), replicas).maxUnavailable();
        String now = context.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        DeploymentStatus old = d.getStatus();
        List<DeploymentCondition> conditions = new ArrayList<>();
        conditions.add(condition(old, "Available", available >= replicas - maxUnavailable ? "True" : "False",
                available >= replicas - maxUnavailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available >= replicas - maxUnavailable ? "Deployment has minimum availability."
                        : "Deployment does not have minimum availability.", now));
        DeploymentCondition progressing = DeploymentProgress.condition(old,
                new DeploymentProgress.Counts(total, updated, ready, available), replicas,
                d.getSpec().getProgressDeadlineSeconds(), paused, newRs.getMetadata().getName(),
                context.clock().instant());
        conditions.add(progressing);
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(total)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withUnavailableReplicas(Math.max(0, replicas - available))
                .withConditions(conditions)
                .build();
        if (old != null && Objects.equals(old.getObservedGeneration(), status.getObservedGeneration())
                && Objects.equals(old.getReplicas(), status.getReplicas())
                && Objects.equals(old.getUpdatedReplicas(), status.getUpdatedReplicas())
                && Objects.equals(old.getReadyReplicas(), status.getReadyReplicas())
                && Objects.equals(old.getAvailableReplicas(), status.getAvailableReplicas())
                && Objects.equals(old.getUnavailableReplicas(), status.getUnavailableReplicas())
                && sameConditions(old.getConditions(), conditions)) {
            return progressing;
        }
        Deployment copy = new DeploymentBuilder(d).withStatus(status).build();
        context.client().apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(copy).updateStatus();
        return progressing;
    }

    private static DeploymentCondition condition(DeploymentStatus old, String type, String status, String reason,
                                                 String message, String now) {
        DeploymentCondition previous = old == null || old.getConditions() == null ? null
                : old.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        boolean same = previous != null && status.equals(previous.getStatus()) && reason.equals(previous.getReason());
        String transition = previous != null && status.equals(previous.getStatus()) ? previous.getLastTransitionTime() : now;
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastUpdateTime(same ? previous.getLastUpdateTime() : now).withLastTransitionTime(transition).build();
    }

    private static boolean sameConditions(List<DeploymentCondition> a, List<DeploymentCondition> b) {
        if (a == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Objects.equals(a.get(i).getType(), b.get(i).getType())
                    || !Objects.equals(a.get(i).getStatus(), b.get(i).getStatus())
                    || !Objects.equals(a.get(i).getReason(), b.get(i).getReason())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameTemplate(ReplicaSet rs, Deployment d) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(rs.getSpec().getTemplate()).build();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
            labels.remove(HASH_LABEL);
            template.getMetadata().setLabels(labels);
        }
        PodTemplateSpec wanted = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).build();
        if (wanted.getMetadata() != null && wanted.getMetadata().getLabels() == null) {
            wanted.getMetadata().setLabels(Map.of());
        }
        return normalize(template).equals(normalize(wanted));
    }

    private static PodTemplateSpec normalize(PodTemplateSpec t) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(t).build();
        if (copy.getMetadata() != null) {
            if (copy.getMetadata().getLabels() != null && copy.getMetadata().getLabels().isEmpty()) {
                copy.getMetadata().setLabels(null);
            }
            if (copy.getMetadata().getAnnotations() != null && copy.getMetadata().getAnnotations().isEmpty()) {
                copy.getMetadata().setAnnotations(null);
            }
        }
        return copy;
    }

    /** FNV-1a over the template's JSON, in the alphabet Kubernetes uses for generated names. */
    String hash(PodTemplateSpec template) {
        String json = context.client().getKubernetesSerialization().asJson(template);
        int h = 0x811c9dc5;
        for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        long value = Integer.toUnsignedLong(h);
        StringBuilder out = new StringBuilder();
        do {
            out.append(HASH_CHARS.charAt((int) (value % HASH_CHARS.length())));
            value /= HASH_CHARS.length();
        } while (value > 0);
        return out.toString();
    }

    static long revision(ReplicaSet rs) {
        Map<String, String> annotations = rs.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(REVISION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int spec(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    private static int replicasOf(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
    }

    /** Available pods, never more than the spec asks for (a status lagging a scale-down must not count twice). */
    private static int available(ReplicaSet rs) {
        int available = rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0
                : rs.getStatus().getAvailableReplicas();
        return Math.min(available, spec(rs));
    }
}
