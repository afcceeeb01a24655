package dev.saleday.chaos;

import dev.saleday.plan.Action;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Deletes pods matching a selector: a count or a share of them, picked at random, oldest or newest first, forced
 * (grace 0) or graceful. Capped by guards.maxPodsKilled and by PodDisruptionBudgets (unless guards.allowBelowPdb).
 * Undo: nothing to restore; it verifies the controller replaced them (as many ready pods as before).
 */
final class PodKillAction implements FaultAction {

    private final Action.PodKill action;

    PodKillAction(Action.PodKill action) {
        this.action = action;
    }

    /**
     * The pods a disruption takes: the matching pods not terminating, {@code count} of them in {@code pick} order,
     * capped by the blast radius and the PodDisruptionBudgets (unless allowed below them).
     *
     * @param chosen      the pods to disrupt; empty means skipped, for {@code notes}
     * @param notes       what capped the choice
     * @param readyBefore matching pods ready and running before
     */
    record Selection(List<Pod> chosen, List<String> notes, int readyBefore, String skipped) {
    }

    static Selection select(ActionContext context, dev.saleday.plan.LabelSelector selector, dev.saleday.plan.Count count,
                            Action.PodPick pick) {
        KubernetesClient client = context.client();
        String namespace = context.namespace();
        List<Pod> matching = Pods.matching(client, namespace, selector);
        List<Pod> alive = new ArrayList<>(matching.stream().filter(p -> !Pods.isTerminating(p)).toList());
        int wanted = count.resolve(alive.size());
        if (alive.isEmpty() || wanted == 0) {
            return new Selection(List.of(), List.of(), 0, "no pod matches '" + selector + "' (or the count is 0)");
        }
        order(alive, pick, context.options().randomSeed() ^ context.clockMillis().getAsLong());

        int allowed = context.blastRadius().remaining(context.targetPods(alive.size()));
        List<String> notes = new ArrayList<>();
        if (allowed < wanted) {
            notes.add("capped from " + wanted + " to " + allowed + " by " + context.blastRadius().rule());
        }
        List<Pod> chosen = new ArrayList<>();
        PdbGuard pdb = context.allowBelowPdb() ? null : new PdbGuard(budgets(client, namespace), matching);
        for (Pod pod : alive) {
            if (chosen.size() >= Math.min(wanted, allowed)) {
                break;
            }
            String refusal = pdb == null ? null : pdb.admit(pod);
            if (refusal == null) {
                chosen.add(pod);
            } else if (!notes.contains("held by " + refusal)) {
                notes.add("held by " + refusal);
            }
        }
        return new Selection(chosen, notes, (int) Pods.readyAndRunning(matching),
                chosen.isEmpty() ? String.join("; ", notes) : null);
    }

    @Override
    public Step prepare(ActionContext context) {
        String namespace = context.namespace();
        Selection selection = select(context, action.selector(), action.count(), action.pick());
        if (selection.chosen().isEmpty()) {
            return Step.skipped(selection.skipped());
        }
        List<Pod> chosen = selection.chosen();
        List<String> notes = selection.notes();
        Undo undo = new Undo.AwaitReplaced(namespace, action.selector().toString(), selection.readyBefore(),
                context.options().verifyTimeout().toMillis());
        List<String> targets = chosen.stream().map(Pods::ref).toList();
        String grace = action.gracePeriod() == null ? "each pod's own grace period"
                : action.gracePeriod().isZero() ? "grace 0s (forced)" : "grace " + action.gracePeriod().toSeconds() + "s";
        String description = "delete " + targets + " in namespace " + namespace + " with " + grace
                + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
        return new Step(targets, description, undo, chosen.size(), c -> kill(c, namespace, chosen, notes), null);
    }

    private String kill(KubernetesClient client, String namespace, List<Pod> chosen, List<String> notes) {
        for (Pod pod : chosen) {
            var resource = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName());
            if (action.gracePeriod() == null) {
                resource.delete();
            } else {
                resource.withGracePeriod(action.gracePeriod().toSeconds()).delete();
            }
        }
        return "deleted " + chosen.size() + " pod(s)" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    }

    private static void order(List<Pod> pods, Action.PodPick pick, long seed) {
        Comparator<Pod> byAge = Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                .thenComparing(p -> p.getMetadata().getName());
        switch (pick) {
            case OLDEST -> pods.sort(byAge);
            case NEWEST -> pods.sort(byAge.reversed());
            case RANDOM -> Collections.shuffle(pods, new Random(seed));
        }
    }

    /** Without read access to the budgets the kill cannot know it keeps them: refuse rather than guess. */
    private static List<PodDisruptionBudget> budgets(KubernetesClient client, String namespace) {
        try {
            return client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new ChaosActionException("cannot list PodDisruptionBudgets in " + namespace + " (403): grant "
                        + "get/list on policy/poddisruptionbudgets, or set guards.allowBelowPdb");
            }
            throw e;
        }
    }
}
