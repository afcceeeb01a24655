package dev.saleday.plan;

import java.time.Duration;
import java.util.Map;

/**
 * What a fault does. Each kind has an undo in chaos/. A {@code deployment} of null means the plan target's.
 */
public sealed interface Action {

    /** The action's name as written in a plan ({@code pod-kill}, ...). */
    String kind();

    /**
     * Deletes pods.
     *
     * @param selector    which pods, as a label selector
     * @param count       how many of the matching pods
     * @param pick        which of them
     * @param gracePeriod 0 = forced (SIGKILL at once); null = each pod's own terminationGracePeriodSeconds
     */
    record PodKill(LabelSelector selector, Count count, PodPick pick, Duration gracePeriod) implements Action {
        public String kind() {
            return "pod-kill";
        }
    }

    /**
     * A crash: the main process of each picked pod's containers is killed (SIGKILL) without the pod being deleted,
     * so the kubelet restarts the containers per restartPolicy. Possible where the harness can reach the container
     * runtime (localkube); refused elsewhere.
     */
    record PodCrash(LabelSelector selector, Count count, PodPick pick) implements Action {
        public String kind() {
            return "pod-crash";
        }
    }

    /**
     * Starts a rollout: sets a container's image, or (image null) restarts the pods through a template
     * annotation, as {@code kubectl rollout restart} does.
     */
    record Rollout(String deployment, String container, String image) implements Action {
        public String kind() {
            return "rollout";
        }
    }

    /** Rolls a Deployment back to its previous revision, or to {@code toRevision} when not null. */
    record Rollback(String deployment, Integer toRevision) implements Action {
        public String kind() {
            return "rollback";
        }
    }

    /** Sets a Deployment's replicas. */
    record Scale(String deployment, int replicas) implements Action {
        public String kind() {
            return "scale";
        }
    }

    /** Cordons a node, then evicts its pods through the Eviction API so PodDisruptionBudgets hold. */
    record NodeDrain(String node) implements Action {
        public String kind() {
            return "node-drain";
        }
    }

    /**
     * Stops a node as a machine fails: on localkube its Lease is no longer renewed and its pods' processes die, and
     * the cluster does the rest (Ready=Unknown after the node-monitor grace period, unreachable taints, eviction
     * after the pods' toleration). On another cluster only the provider can stop a machine: {@code provider} names
     * the commands that do and undo it; without one the action is refused.
     */
    record NodeFail(String node, ProviderHook provider) implements Action {
        public String kind() {
            return "node-fail";
        }
    }

    /**
     * The API server stops serving for {@code duration}, as an overloaded or restarting control plane: every request
     * is answered {@code mode}'s status and open watches are closed; the pods, their probes and the Service proxy go
     * on. Only on the embedded cluster (localkube): a real API server cannot be taken down by the harness. Its undo
     * ends the outage; it ends by itself after {@code duration}.
     */
    record ApiOutage(java.time.Duration duration, OutageMode mode) implements Action {
        public ApiOutage {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("an api-outage needs a duration > 0, got " + duration);
            }
        }

        public String kind() {
            return "api-outage";
        }
    }

    /** What the API server answers during an {@link ApiOutage}. */
    enum OutageMode {
        /**
         * 503 Service Unavailable without Retry-After, as a load balancer answers for an API server that is down:
         * clients back off on their own schedule (fabric8: exponential, from 100 ms).
         */
        UNAVAILABLE("unavailable", 503),
        /**
         * 429 Too Many Requests with {@code Retry-After: 1}, as API Priority and Fairness rejects requests when the
         * server is overloaded: clients retry after a second.
         */
        THROTTLED("throttled", 429);

        public final String yamlName;
        public final int httpStatus;

        OutageMode(String yamlName, int httpStatus) {
            this.yamlName = yamlName;
            this.httpStatus = httpStatus;
        }

        public static java.util.Optional<OutageMode> of(String yamlName) {
            for (OutageMode mode : values()) {
                if (mode.yamlName.equals(yamlName)) {
                    return java.util.Optional.of(mode);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * Commands run through {@code sh -c} on the machine running saleday, e.g. {@code aws ec2 stop-instances
     * --instance-ids i-0abc}; {@code undo} brings the machine back. Each must exit 0.
     */
    record ProviderHook(String fail, String undo) {
    }

    /**
     * Patches keys of a ConfigMap (e.g. {@code FAULT_LATENCY_MS}); with {@code restart}, then restarts the
     * Deployment's rollout so the pods read the new values.
     */
    record ConfigChange(String configMap, Map<String, String> data, boolean restart, String deployment)
            implements Action {
        public ConfigChange {
            data = Map.copyOf(data);
        }

        public String kind() {
            return "config-change";
        }
    }

    /** Patches an HPA's bounds; a null bound is left as it is. {@code hpa} null means the target deployment's name. */
    record HpaPatch(String hpa, Integer minReplicas, Integer maxReplicas) implements Action {
        public String kind() {
            return "hpa-patch";
        }
    }

    enum PodPick { RANDOM, OLDEST, NEWEST }
}
