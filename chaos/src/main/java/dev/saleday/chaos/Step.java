package dev.saleday.chaos;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/**
 * One action, prepared: the exact objects it will touch, how to undo it, and the change itself, not yet made.
 * Preparing only reads the cluster, so a dry run prints prepared steps and stops there.
 *
 * @param targets       the objects it touches, as {@code Kind/name}
 * @param description   what it will do, in words, with the objects
 * @param undo          how to take it back (journaled before the effect runs)
 * @param podsDisrupted pods it deletes or evicts (counted against guards.maxPodsKilled)
 * @param effect        the change; null when a guard left nothing to do ({@code skipReason} says why)
 * @param skipReason    why nothing is done, or null
 */
public record Step(List<String> targets, String description, Undo undo, int podsDisrupted, Effect effect,
                   String skipReason) {

    public Step {
        targets = List.copyOf(targets);
    }

    static Step skipped(String reason) {
        return new Step(List.of(), "nothing: " + reason, new Undo.Nothing(reason), 0, null, reason);
    }

    public boolean isSkipped() {
        return effect == null;
    }

    /** The change a step makes. Returns a short result message for the timeline. */
    @FunctionalInterface
    public interface Effect {
        String apply(KubernetesClient client);
    }
}
