package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The Deployment's Progressing condition, as kube-controller-manager's deployment controller sets it
 * (pkg/controller/deployment/progress.go {@code syncRolloutStatus}, util/deployment_util.go
 * {@code DeploymentComplete}, {@code DeploymentProgressing}, {@code DeploymentTimedOut}):
 * <ul>
 *   <li>complete (every replica updated and available, no old pod left): True, {@code NewReplicaSetAvailable};</li>
 *   <li>progress since the last status (more updated, ready or available replicas, or fewer old ones): True,
 *       {@code ReplicaSetUpdated}, with {@code lastUpdateTime} now (the clock the deadline counts from);</li>
 *   <li>no progress for {@code spec.progressDeadlineSeconds} since {@code lastUpdateTime}: False,
 *       {@code ProgressDeadlineExceeded}, "ReplicaSet "x" has timed out progressing." The rollout is not stopped
 *       or rolled back: progress later sets the condition True again.</li>
 * </ul>
 * A finished rollout ({@code NewReplicaSetAvailable} and every replica updated) is not estimated again, nor is a
 * paused Deployment. Immutable inputs, no I/O.
 */
final class DeploymentProgress {

    static final String COMPLETE = "NewReplicaSetAvailable";
    static final String UPDATED = "ReplicaSetUpdated";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String CREATED = "NewReplicaSetCreated";

    /** The counts a status write is about to report. */
    record Counts(int replicas, int updated, int ready, int available) {
    }

    private DeploymentProgress() {
    }

    /**
     * @param old                     the Deployment's status as last written (null: none yet)
     * @param next                    the counts about to be written
     * @param wantedReplicas          {@code spec.replicas}
     * @param progressDeadlineSeconds null: no deadline (Kubernetes' MaxInt32 means none too)
     * @param newReplicaSet           the new ReplicaSet's name
     * @return the Progressing condition to write
     */
    static DeploymentCondition condition(DeploymentStatus old, Counts next, int wantedReplicas,
                                         Integer progressDeadlineSeconds, boolean paused, String newReplicaSet,
                                         Instant now) {
        DeploymentCondition current = current(old).orElse(null);
        String stamp = timestamp(now);
        boolean finished = current != null && COMPLETE.equals(current.getReason())
                && next.replicas() == next.updated();
        boolean complete = next.updated() == wantedReplicas && next.replicas() == wantedReplicas
                && next.available() == wantedReplicas;
        if (finished || paused || !hasDeadline(progressDeadlineSeconds)) {
            if (current != null && !(complete && !COMPLETE.equals(current.getReason()))) {
                return current;
            }
            return complete ? build("True", COMPLETE, successMessage(newReplicaSet), stamp, current)
                    : build("True", UPDATED, progressingMessage(newReplicaSet), stamp, current);
        }
        if (complete) {
            return build("True", COMPLETE, successMessage(newReplicaSet), stamp, current);
        }
        if (current == null || progressed(old, next)) {
            DeploymentCondition updated = build("True", UPDATED, progressingMessage(newReplicaSet), stamp, current);
            if (current != null && "True".equals(current.getStatus())) {
                updated.setLastTransitionTime(current.getLastTransitionTime());
            }
            return updated;
        }
        if (timedOut(current, progressDeadlineSeconds, now)) {
            return build("False", TIMED_OUT, "ReplicaSet \"" + newReplicaSet + "\" has timed out progressing.",
                    stamp, current);
        }
        return current;
    }

    /**
     * The condition a new ReplicaSet sets (sync.go {@code getNewReplicaSet}: "Created new replica set", True,
     * {@code NewReplicaSetCreated}, stamped now): a rollout's deadline counts from its new ReplicaSet, however soon its
     * first replica shows in a status write (when the first write already counts it, no progress is seen against the
     * finished rollout before). Null when the Deployment has no deadline.
     */
    static DeploymentCondition created(DeploymentStatus old, Integer progressDeadlineSeconds, String newReplicaSet,
                                       Instant now) {
        if (!hasDeadline(progressDeadlineSeconds)) {
            return null;
        }
        return build("True", CREATED, "Created new replica set \"" + newReplicaSet + "\"", timestamp(now),
                current(old).orElse(null));
    }

    /** @return how long until the deadline passes without progress (to look again then), if one is running */
    static Optional<Duration> untilDeadline(DeploymentCondition condition, Integer progressDeadlineSeconds,
                                            Instant now) {
        boolean running = UPDATED.equals(condition == null ? null : condition.getReason())
                || CREATED.equals(condition == null ? null : condition.getReason());
        if (!running || !hasDeadline(progressDeadlineSeconds) || condition.getLastUpdateTime() == null) {
            return Optional.empty();
        }
        Instant deadline = Instant.parse(condition.getLastUpdateTime()).plusSeconds(progressDeadlineSeconds);
        Duration left = Duration.between(now, deadline);
        return Optional.of(left.isNegative() ? Duration.ZERO : left.plusMillis(100));
    }

    /** DeploymentProgressing in deployment_util.go. */
    static boolean progressed(DeploymentStatus old, Counts next) {
        int oldUpdated = zero(old == null ? null : old.getUpdatedReplicas());
        int oldOldReplicas = zero(old == null ? null : old.getReplicas()) - oldUpdated;
        int newOldReplicas = next.replicas() - next.updated();
        return next.updated() > oldUpdated || newOldReplicas < oldOldReplicas
                || next.ready() > zero(old == null ? null : old.getReadyReplicas())
                || next.available() > zero(old == null ? null : old.getAvailableReplicas());
    }

    /** DeploymentTimedOut in deployment_util.go: lastUpdateTime + progressDeadlineSeconds is before now. */
    static boolean timedOut(DeploymentCondition current, int progressDeadlineSeconds, Instant now) {
        if (COMPLETE.equals(current.getReason())) {
            return false;
        }
        if (TIMED_OUT.equals(current.getReason())) {
            return true;
        }
        return current.getLastUpdateTime() != null
                && Instant.parse(current.getLastUpdateTime()).plusSeconds(progressDeadlineSeconds).isBefore(now);
    }

    static Optional<DeploymentCondition> current(DeploymentStatus status) {
        return status == null || status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst();
    }

    private static boolean hasDeadline(Integer seconds) {
        return seconds != null && seconds != Integer.MAX_VALUE;
    }

    private static DeploymentCondition build(String status, String reason, String message, String now,
                                             DeploymentCondition previous) {
        boolean sameStatus = previous != null && status.equals(previous.getStatus());
        return new DeploymentConditionBuilder().withType("Progressing").withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(now)
                .withLastTransitionTime(sameStatus ? previous.getLastTransitionTime() : now).build();
    }

    private static String successMessage(String rs) {
        return "ReplicaSet \"" + rs + "\" has successfully progressed.";
    }

    private static String progressingMessage(String rs) {
        return "ReplicaSet \"" + rs + "\" is progressing.";
    }

    private static String timestamp(Instant now) {
        return now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }
}
