package dev.saleday.chaos;

import dev.saleday.plan.Action;
import dev.saleday.plan.Plan;
import dev.saleday.records.Journal;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Holds the plan's target at one pod for a capacity search: its Deployment scaled to 1, then its HorizontalPodAutoscaler's
 * minReplicas and maxReplicas patched to 1 (an HPA cannot be paused; bounds of 1..1 keep it from scaling the
 * Deployment back up, and it goes on reporting its metrics). Both are the chaos actions {@code scale} and
 * {@code hpa-patch}, each journaled with its undo in journal.jsonl before it takes effect, so {@code saleday recover}
 * restores them after a kill -9. {@link #close()} (and a shutdown hook, on Ctrl-C/SIGTERM) undoes them newest first:
 * the HPA's bounds, then the Deployment's replicas; so the replicas set last are never scaled back by an HPA still
 * bounded to 1 (an HPA that ran between the two steps can only have moved them within its own restored bounds).
 */
public final class OnePodHold implements AutoCloseable {

    /** The journal's fault name for both changes. */
    public static final String NAME = "capacity-one-pod";

    private record Held(long seq, String kind, Step step) {
    }

    private final KubernetesClient client;
    private final Journal journal;
    private final PrintStream console;
    private final Deque<Held> held = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::closeFromHook, "saleday-capacity-restore-on-exit");
    private long seq;
    private boolean closed;

    private OnePodHold(KubernetesClient client, Journal journal, PrintStream console) {
        this.client = client;
        this.journal = journal;
        this.console = console;
    }

    /**
     * Checks the plan's rails (context, namespace) before any call, opens journal.jsonl in {@code runDir}, then
     * scales the target's Deployment to 1 replica and patches its HPA (when one scales it) to 1..1.
     *
     * @throws ChaosRefusedException when a rail refuses (nothing called, nothing written)
     * @throws ChaosActionException  when the Deployment does not exist, or a change fails (what was applied is undone)
     * @throws IOException           when the journal cannot be written, or holds undos never recovered
     */
    public static OnePodHold apply(KubernetesClient client, Plan plan, String context, Path runDir,
                                   PrintStream console) throws IOException {
        Guardrails.check(plan, context);
        String namespace = plan.target().namespace();
        Journal journal = Journal.create(runDir, namespace, context, System::currentTimeMillis);
        OnePodHold hold = new OnePodHold(client, journal, console);
        Runtime.getRuntime().addShutdownHook(hold.shutdownHook);
        try {
            ActionContext actions = new ActionContext(client, plan, namespace, Guardrails.allowedNamespaces(plan),
                    new BlastRadius(null), ChaosOptions.defaults(), () -> false, System::currentTimeMillis);
            Deployments.require(client, namespace, plan.target().deployment());
            Optional<String> hpa = hpaOf(client, namespace, plan.target().deployment());
            hold.take(new Action.Scale(plan.target().deployment(), 1), actions);
            if (hpa.isPresent()) {
                hold.take(new Action.HpaPatch(hpa.get(), 1, 1), actions);
            }
            return hold;
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    /** @return the HPA whose scaleTargetRef is the Deployment, if any */
    public static Optional<String> hpaOf(KubernetesClient client, String namespace, String deployment) {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).list().getItems().stream()
                .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null
                        && "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                        && deployment.equals(h.getSpec().getScaleTargetRef().getName()))
                .map(HorizontalPodAutoscaler::getMetadata).map(m -> m.getName()).sorted().findFirst();
    }

    private synchronized void take(Action action, ActionContext actions) {
        Step step = FaultAction.of(action).prepare(actions);
        long id = ++seq;
        journal.intent(id, NAME, action.kind(), step.targets(), Undo.toJson(step.undo()));
        Held entry = new Held(id, action.kind(), step);
        held.push(entry); // before the effect: a change that fails half-way is taken back too
        String result;
        try {
            result = step.effect().apply(client);
        } catch (RuntimeException e) {
            journal.event(id, "failed", e.getMessage());
            throw new ChaosActionException(step.description() + " failed: " + e.getMessage());
        }
        journal.event(id, "applied", result);
        console.println("saleday capacity: " + step.description() + " (undo journaled: " + step.undo().describe()
                + ")");
    }

    /** Restores what was changed, newest first; idempotent. An undo that fails is journaled for recover. */
    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or ran
        }
    }

    /** @return whether every change was undone (false: journal.jsonl keeps it for {@code saleday recover}) */
    public synchronized boolean restore() {
        boolean all = true;
        while (!held.isEmpty()) {
            Held entry = held.pop();
            try {
                entry.step().undo().undo(client);
                journal.event(entry.seq(), "undone", null);
                console.println("saleday capacity: " + entry.step().undo().describe());
            } catch (RuntimeException e) {
                all = false;
                journal.event(entry.seq(), "undo-failed", e.getMessage());
                console.println("saleday capacity: could not " + entry.step().undo().describe() + ": "
                        + e.getMessage() + " (run `saleday recover` on the run directory to retry)");
            }
        }
        if (!closed) {
            closed = true;
            journal.close();
        }
        return all;
    }

    private void closeFromHook() {
        if (!held.isEmpty()) {
            console.println("saleday capacity: interrupted; restoring the HPA and the replicas");
        }
        restore();
    }

    /** The objects held, as {@code Kind/name}, for the console. */
    public synchronized List<String> targets() {
        return held.stream().flatMap(h -> h.step().targets().stream()).toList();
    }
}
