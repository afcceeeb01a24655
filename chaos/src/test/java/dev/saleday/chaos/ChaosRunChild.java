package dev.saleday.chaos;

import dev.saleday.plan.Action;
import dev.saleday.plan.Fault;
import dev.saleday.plan.Plan;
import dev.saleday.plan.Trigger;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A chaos run in its own JVM, for the tests that kill it: starts a rollout and a scale at once, then waits to be
 * killed. Arguments: kubeconfig, run directory, namespace.
 */
public final class ChaosRunChild {

    public static void main(String[] args) throws Exception {
        Path kubeconfig = Path.of(args[0]);
        Path runDir = Path.of(args[1]);
        String namespace = args[2];
        // With a fourth argument (deployment:container:image): only that rollout, on that deployment.
        String[] rollout = args.length > 3 ? args[3].split(":", 3) : null;
        Plan plan = rollout != null
                ? TestPlans.plan(namespace, rollout[0], rollout[1], List.of(new Fault("release",
                        new Trigger.At(null, Duration.ZERO), new Action.Rollout(null, null, rollout[2]), null)),
                TestPlans.guards(), Duration.ofMinutes(5))
                : TestPlans.plan(namespace, List.of(
                new Fault("bump", new Trigger.At(null, Duration.ZERO), new Action.Scale(null, 3), null),
                new Fault("release", new Trigger.At(null, Duration.ZERO), new Action.Rollout(null, "app", "web:v2"),
                        null)), TestPlans.guards(), Duration.ofMinutes(5));
        KubernetesClient client = KubeconfigContext.openChecked(kubeconfig, TestPlans.CONTEXT, plan.guards());
        ChaosRun run = ChaosRun.start(ChaosRun.Settings.of(plan, client, TestPlans.CONTEXT, runDir,
                CompletableFuture.completedFuture(System.currentTimeMillis()), ProbeWindow.none()));
        System.out.println("chaos child started " + run);
        Thread.sleep(Duration.ofMinutes(5).toMillis()); // until killed; bounded all the same
        run.close();
    }
}
