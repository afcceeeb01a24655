package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job -> Pods, as Kubernetes' job controller (pkg/controller/job) runs a batch/v1 Job:
 * <ul>
 *   <li>Pods carry the labels {@code batch.kubernetes.io/job-name}, {@code job-name},
 *       {@code batch.kubernetes.io/controller-uid} and {@code controller-uid}, are controlled by the Job, and carry
 *       the {@code batch.kubernetes.io/job-tracking} finalizer, so that a pod is counted once, even when it is
 *       deleted: a finished pod's UID goes first into {@code status.uncountedTerminatedPods}, then its finalizer is
 *       removed, then it moves into {@code succeeded} or {@code failed} (trackJobStatusAndRemoveFinalizers).</li>
 *   <li>{@code completionMode: Indexed}: each pod gets an index in [0, completions), as the annotation and the label
 *       {@code batch.kubernetes.io/job-completion-index}, the env {@code JOB_COMPLETION_INDEX} (from that
 *       annotation), the hostname {@code <job>-<index>} and the name {@code <job>-<index>-<random>}
 *       (indexed_job_utils.go). The Job completes when every index has a succeeded pod ({@code completedIndexes},
 *       written as intervals {@code 0-2,4}). NonIndexed: it completes after {@code completions} successes.</li>
 *   <li>Active pods: {@code min(parallelism, completions - succeeded)}; the missing indexes are created lowest first
 *       (firstPendingIndexes), each failed index again after the back-off 10 s x 2^(failures-1), at most 6 min
 *       (DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff).</li>
 *   <li>A pod fails when its phase is Failed, or when it is deleted before it succeeded (a killed pod). Once more
 *       pods failed than {@code backoffLimit} (default 6), the Job fails: condition {@code Failed}, reason
 *       {@code BackoffLimitExceeded}, and its active pods are deleted.</li>
 *   <li>Finished ({@code Complete} or {@code Failed} condition): nothing more is created; deleting the Job deletes
 *       its pods through the garbage collector (their owner reference).</li>
 * </ul>
 * Not implemented: {@code activeDeadlineSeconds}, {@code suspend}, {@code podFailurePolicy},
 * {@code backoffLimitPerIndex}, {@code successPolicy}, {@code ttlSecondsAfterFinished}, pod-replacement policies.
 */
public final class JobController extends Reconciler {

    public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    public static final String LEGACY_JOB_NAME_LABEL = "job-name";
    public static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
    public static final String LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
    public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    public static final String COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";
    public static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final int DEFAULT_BACKOFF_LIMIT = 6;
    static final Duration BACKOFF_BASE = Duration.ofSeconds(10);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(6);
    private static final Duration EXPECTATIONS_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Set<String>> expectedCreates = new ConcurrentHashMap<>();
    private final Map<String, Instant> expectationDeadlines = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastFailureAt = new ConcurrentHashMap<>();
    private SharedIndexInformer<Job> jobs;
    private SharedIndexInformer<Pod> pods;

    @Override
    public String name() {
        return "job";
    }

    @Override
    protected void startInformers() {
        jobs = informer(context.client().batch().v1().jobs().inAnyNamespace().runnableInformer(0),
                job -> List.of(key(job)));
        pods = informer(context.client().pods().inAnyNamespace().runnableInformer(0), JobController::jobKeyOf);
    }

    private static List<String> jobKeyOf(Pod pod) {
        Optional<String> byOwner = Pods.controllerOf(pod).filter(r -> "Job".equals(r.getKind()))
                .map(r -> pod.getMetadata().getNamespace() + "/" + r.getName());
        if (byOwner.isPresent()) {
            return List.of(byOwner.get());
        }
        // an orphan that still has the tracking finalizer: its Job's key, so the finalizer is removed
        Map<String, String> labels = pod.getMetadata().getLabels();
        String job = labels == null ? null : labels.get(JOB_NAME_LABEL);
        return job == null ? List.of() : List.of(pod.getMetadata().getNamespace() + "/" + job);
    }

    @Override
    protected Optional<Duration> reconcile(String key) {
        Job job = jobs.getStore().getByKey(key);
        List<Pod> owned = new ArrayList<>();
        for (Pod pod : pods.getStore().list()) {
            if (key.equals(pod.getMetadata().getNamespace() + "/" + jobName(pod))
                    && (job == null || Pods.isControlledBy(pod, job) || !hasController(pod))) {
                owned.add(pod);
            }
        }
        if (job == null || Pods.isTerminating(job)) {
            // the Job is gone: its pods must not be held by a finalizer nobody will remove
            owned.stream().filter(JobController::tracked).forEach(this::removeFinalizer);
            expectedCreates.remove(key);
            lastFailureAt.remove(key);
            return Optional.empty();
        }
        owned.removeIf(pod -> !Pods.isControlledBy(pod, job));
        JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
        boolean finished = condition(status, "Complete") || condition(status, "Failed");

        // 1. pods that finished and are not counted yet: their UIDs into uncountedTerminatedPods
        Set<String> uncountedSucceeded = new TreeSet<>(uncounted(status).getSucceeded());
        Set<String> uncountedFailed = new TreeSet<>(uncounted(status).getFailed());
        boolean newlyUncounted = false;
        for (Pod pod : owned) {
            if (!tracked(pod) || !finishedPod(pod)) {
                continue;
            }
            String uid = pod.getMetadata().getUid();
            if (!uncountedSucceeded.contains(uid) && !uncountedFailed.contains(uid)) {
                (succeeded(pod) ? uncountedSucceeded : uncountedFailed).add(uid);
                newlyUncounted = true;
            }
        }
        if (newlyUncounted) {
            Set<Integer> indexes = completedIndexes(status);
            for (Pod pod : owned) {
                if (uncountedSucceeded.contains(pod.getMetadata().getUid())) {
                    indexOf(pod).ifPresent(indexes::add);
                }
            }
            writeStatus(job, new JobStatusBuilder(status).withNewUncountedTerminatedPods()
                    .withSucceeded(List.copyOf(uncountedSucceeded)).withFailed(List.copyOf(uncountedFailed))
                    .endUncountedTerminatedPods()
                    .withCompletedIndexes(indexed(job) ? intervals(indexes) : null).build());
            return Optional.empty();
        }
        // 2. their finalizers off (one step)
        List<Pod> toRelease = owned.stream().filter(JobController::tracked)
                .filter(p -> uncountedSucceeded.contains(p.getMetadata().getUid())
                        || uncountedFailed.contains(p.getMetadata().getUid())).toList();
        if (!toRelease.isEmpty()) {
            toRelease.forEach(this::removeFinalizer);
            return Optional.empty();
        }
        // 3. from uncounted to the counters, once no pod of theirs holds the finalizer
        if (!uncountedSucceeded.isEmpty() || !uncountedFailed.isEmpty()) {
            int succeeded = value(status.getSucceeded()) + uncountedSucceeded.size();
            int failed = value(status.getFailed()) + uncountedFailed.size();
            if (!uncountedFailed.isEmpty()) {
                lastFailureAt.put(key, Instant.now());
            }
            writeStatus(job, new JobStatusBuilder(status).withSucceeded(succeeded).withFailed(failed)
                    .withNewUncountedTerminatedPods().endUncountedTerminatedPods().build());
            return Optional.empty();
        }

        List<Pod> active = owned.stream().filter(p -> !finishedPod(p)).toList();
        int completions = completions(job);
        int succeededCount = indexed(job) ? completedIndexes(status).size() : value(status.getSucceeded());
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? DEFAULT_BACKOFF_LIMIT
                : job.getSpec().getBackoffLimit();
        if (finished) {
            if (condition(status, "Failed")) {
                deleteActive(job, active);
            }
            return Optional.empty();
        }
        if (value(status.getFailed()) > backoffLimit) {
            deleteActive(job, active);
            return finish(job, status, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit",
                    active);
        }
        if (succeededCount >= completions) {
            return finish(job, status, "Complete", null, null, active);
        }
        if (!createsSeen(key, owned)) {
            return updateActive(job, status, active).or(() -> Optional.of(Duration.ofSeconds(1)));
        }
        int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
        int wantActive = Math.min(parallelism, completions - succeededCount);
        if (active.size() < wantActive) {
            Duration wait = backOffRemaining(key, value(status.getFailed()));
            if (!wait.isZero()) {
                return Optional.of(wait);
            }
            createPods(key, job, status, active, wantActive - active.size());
            return Optional.empty();
        }
        return updateActive(job, status, active);
    }

    /** @return how long until a failed pod may be replaced: 10 s x 2^(failures-1), at most 6 min, from the failure */
    private Duration backOffRemaining(String key, int failures) {
        Instant last = lastFailureAt.get(key);
        if (failures == 0 || last == null) {
            return Duration.ZERO;
        }
        Duration backOff = BACKOFF_BASE.multipliedBy(1L << Math.min(20, failures - 1));
        if (backOff.compareTo(BACKOFF_MAX) > 0) {
            backOff = BACKOFF_MAX;
        }
        Duration remaining = Duration.between(Instant.now(), last.plus(backOff));
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    private void createPods(String key, Job job, JobStatus status, List<Pod> active, int count) {
        Set<String> created = ConcurrentHashMap.newKeySet();
        expectedCreates.put(key, created);
        expectationDeadlines.put(key, Instant.now().plus(EXPECTATIONS_TIMEOUT));
        List<Integer> indexes = new ArrayList<>();
        if (indexed(job)) {
            Set<Integer> taken = completedIndexes(status);
            active.forEach(p -> indexOf(p).ifPresent(taken::add));
            for (int i = 0; i < completions(job) && indexes.size() < count; i++) {
                if (!taken.contains(i)) {
                    indexes.add(i);
                }
            }
        } else {
            for (int i = 0; i < count; i++) {
                indexes.add(null);
            }
        }
        for (Integer index : indexes) {
            Pod made = context.client().pods().inNamespace(job.getMetadata().getNamespace())
                    .resource(podFor(job, index)).create();
            created.add(made.getMetadata().getName());
            context.events().record(job, "Normal", "SuccessfulCreate", "Created pod: " + made.getMetadata().getName());
        }
    }

    /** The pod of a Job (and index, null for NonIndexed), from its template, as the job controller makes it. */
    static Pod podFor(Job job, Integer index) {
        String name = job.getMetadata().getName();
        String uid = job.getMetadata().getUid();
        var template = job.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template.getMetadata() != null) {
            if (template.getMetadata().getLabels() != null) {
                labels.putAll(template.getMetadata().getLabels());
            }
            if (template.getMetadata().getAnnotations() != null) {
                annotations.putAll(template.getMetadata().getAnnotations());
            }
        }
        labels.put(CONTROLLER_UID_LABEL, uid);
        labels.put(LEGACY_CONTROLLER_UID_LABEL, uid);
        labels.put(JOB_NAME_LABEL, name);
        labels.put(LEGACY_JOB_NAME_LABEL, name);
        PodSpec spec = new PodBuilder().withSpec(template.getSpec()).build().getSpec();
        PodBuilder pod = new PodBuilder().withSpec(spec);
        if (index != null) {
            labels.put(COMPLETION_INDEX, index.toString());
            annotations.put(COMPLETION_INDEX, index.toString());
            EnvVar env = new EnvVarBuilder().withName(COMPLETION_INDEX_ENV).withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.annotations['" + COMPLETION_INDEX + "']").endFieldRef().endValueFrom()
                    .build();
            pod.editSpec().withHostname(spec.getHostname() != null ? spec.getHostname() : name + "-" + index)
                    .endSpec();
            pod.editSpec().withContainers(spec.getContainers().stream().map(c -> {
                List<EnvVar> envs = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
                envs.removeIf(e -> COMPLETION_INDEX_ENV.equals(e.getName()));
                envs.add(env);
                return new io.fabric8.kubernetes.api.model.ContainerBuilder(c).withEnv(envs).build();
            }).toList()).endSpec();
        }
        return pod.withNewMetadata()
                .withGenerateName(name + "-" + (index != null ? index + "-" : ""))
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withFinalizers(TRACKING_FINALIZER)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(name).withUid(uid).withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata().build();
    }

    private boolean createsSeen(String key, List<Pod> owned) {
        Set<String> expected = expectedCreates.get(key);
        if (expected == null) {
            return true;
        }
        Set<String> names = new HashSet<>();
        owned.forEach(p -> names.add(p.getMetadata().getName()));
        if (names.containsAll(expected) || Instant.now().isAfter(expectationDeadlines.getOrDefault(key, Instant.MIN))) {
            expectedCreates.remove(key);
            return true;
        }
        return false;
    }

    private void deleteActive(Job job, List<Pod> active) {
        for (Pod pod : active) {
            if (!Pods.isTerminating(pod)) {
                context.client().pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).delete();
                context.events().record(job, "Normal", "SuccessfulDelete", "Deleted pod: "
                        + pod.getMetadata().getName());
            }
        }
    }

    private Optional<Duration> finish(Job job, JobStatus status, String type, String reason, String message,
                                      List<Pod> active) {
        String now = now();
        List<JobCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of()
                : status.getConditions());
        if (type.equals("Complete")) {
            // Kubernetes 1.31+: SuccessCriteriaMet first, then Complete
            conditions.add(new JobConditionBuilder().withType("SuccessCriteriaMet").withStatus("True")
                    .withReason("CompletionsReached").withMessage("Reached expected number of succeeded pods")
                    .withLastProbeTime(now).withLastTransitionTime(now).build());
            conditions.add(new JobConditionBuilder().withType("Complete").withStatus("True")
                    .withReason("CompletionsReached").withMessage("Reached expected number of succeeded pods")
                    .withLastProbeTime(now).withLastTransitionTime(now).build());
        } else {
            conditions.add(new JobConditionBuilder().withType("FailureTarget").withStatus("True").withReason(reason)
                    .withMessage(message).withLastProbeTime(now).withLastTransitionTime(now).build());
            conditions.add(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                    .withMessage(message).withLastProbeTime(now).withLastTransitionTime(now).build());
        }
        JobStatusBuilder next = new JobStatusBuilder(status).withConditions(conditions)
                .withActive(type.equals("Complete") ? 0 : active.size()).withReady(0);
        if (type.equals("Complete")) {
            next.withCompletionTime(now);
        }
        writeStatus(job, next.build());
        context.events().record(job, type.equals("Complete") ? "Normal" : "Warning",
                type.equals("Complete") ? "Completed" : reason,
                type.equals("Complete") ? "Job completed" : message);
        return Optional.empty();
    }

    private Optional<Duration> updateActive(Job job, JobStatus status, List<Pod> active) {
        int ready = (int) active.stream().filter(Pods::isReady).count();
        String start = status.getStartTime() != null ? status.getStartTime() : now();
        if (value(status.getActive()) == active.size() && value(status.getReady()) == ready
                && start.equals(status.getStartTime())) {
            return Optional.empty();
        }
        writeStatus(job, new JobStatusBuilder(status).withActive(active.size()).withReady(ready).withStartTime(start)
                .build());
        return Optional.empty();
    }

    private void writeStatus(Job job, JobStatus status) {
        Job updated = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job).withStatus(status).build();
        context.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(updated)
                .updateStatus();
    }

    private void removeFinalizer(Pod pod) {
        try {
            context.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .edit(p -> {
                        List<String> finalizers = new ArrayList<>(p.getMetadata().getFinalizers());
                        finalizers.remove(TRACKING_FINALIZER);
                        p.getMetadata().setFinalizers(finalizers);
                        return p;
                    });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static boolean tracked(Pod pod) {
        List<String> finalizers = pod.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(TRACKING_FINALIZER);
    }

    /** Finished: Succeeded or Failed, or deleted (a deleted pod that had not succeeded has failed). */
    private static boolean finishedPod(Pod pod) {
        return Pods.isTerminal(pod) || Pods.isTerminating(pod);
    }

    private static boolean succeeded(Pod pod) {
        return pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase());
    }

    private static String jobName(Pod pod) {
        Optional<String> owner = Pods.controllerOf(pod).filter(r -> "Job".equals(r.getKind())).map(r -> r.getName());
        if (owner.isPresent()) {
            return owner.get();
        }
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(JOB_NAME_LABEL);
    }

    private static boolean hasController(Pod pod) {
        return Pods.controllerOf(pod).isPresent();
    }

    static Optional<Integer> indexOf(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(COMPLETION_INDEX);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean indexed(Job job) {
        return "Indexed".equals(job.getSpec().getCompletionMode());
    }

    private static int completions(Job job) {
        Integer completions = job.getSpec().getCompletions();
        if (completions != null) {
            return completions;
        }
        // unset: the Job is done after one success (work-queue Jobs are not modelled)
        return 1;
    }

    private static boolean condition(JobStatus status, String type) {
        return status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static UncountedTerminatedPods uncounted(JobStatus status) {
        UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
        return uncounted == null ? new UncountedTerminatedPods(List.of(), List.of()) : uncounted;
    }

    /** @return the indexes of {@code completedIndexes} ({@code 0-2,4}) */
    static Set<Integer> completedIndexes(JobStatus status) {
        Set<Integer> indexes = new TreeSet<>();
        String text = status.getCompletedIndexes();
        if (text == null || text.isBlank()) {
            return indexes;
        }
        for (String part : text.split(",")) {
            int dash = part.indexOf('-');
            int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
            for (int i = from; i <= to; i++) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    /** @return {@code indexes} as Kubernetes writes them: ascending intervals, {@code 0-2,4} */
    static String intervals(Set<Integer> indexes) {
        List<String> parts = new ArrayList<>();
        Integer from = null;
        Integer to = null;
        for (int i : new TreeSet<>(indexes)) {
            if (to != null && i == to + 1) {
                to = i;
                continue;
            }
            if (from != null) {
                parts.add(from.equals(to) ? from.toString() : from + "-" + to);
            }
            from = i;
            to = i;
        }
        if (from != null) {
            parts.add(from.equals(to) ? from.toString() : from + "-" + to);
        }
        return parts.isEmpty() ? null : String.join(",", parts);
    }

    private static int value(Integer value) {
        return value == null ? 0 : value;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
