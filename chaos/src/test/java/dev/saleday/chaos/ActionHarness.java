package dev.saleday.chaos;

import dev.saleday.plan.Action;
import dev.saleday.plan.Guards;
import dev.saleday.plan.Plan;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.List;

/** Prepares and applies single actions the way ChaosRun does, for effect-and-undo tests. */
final class ActionHarness {

    final KubernetesClient client;
    final Plan plan;
    final BlastRadius blastRadius;
    final ChaosOptions options;

    ActionHarness(KubernetesClient client, String namespace, Guards guards) {
        this(client, TestPlans.plan(namespace, List.of(), guards));
    }

    ActionHarness(KubernetesClient client, Plan plan) {
        Guards guards = plan.guards();
        this.client = client;
        this.plan = plan;
        this.blastRadius = new BlastRadius(guards.maxPodsKilled());
        this.options = ChaosOptions.defaults().withVerifyTimeout(Duration.ofSeconds(2))
                .withDrainTimeout(Duration.ofSeconds(5));
    }

    Step prepare(Action action) {
        return FaultAction.of(action).prepare(new ActionContext(client, plan, plan.target().namespace(),
                Guardrails.allowedNamespaces(plan), blastRadius, options, () -> false, System::currentTimeMillis));
    }

    /** Prepares, round-trips the undo through its journal JSON (as recover would read it), applies. */
    Undo apply(Action action) throws Exception {
        Step step = prepare(action);
        if (step.isSkipped()) {
            throw new AssertionError("skipped: " + step.skipReason());
        }
        String json = ChaosJson.MAPPER.writeValueAsString(step.undo());
        Undo undo = ChaosJson.MAPPER.readValue(json, Undo.class);
        step.effect().apply(client);
        blastRadius.record(step.podsDisrupted());
        return undo;
    }
}
