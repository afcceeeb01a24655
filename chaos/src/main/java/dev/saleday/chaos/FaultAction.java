package dev.saleday.chaos;

import dev.saleday.plan.Action;

/** One kind of action: reads the cluster and prepares a {@link Step} (targets, undo, effect). */
interface FaultAction {

    /**
     * Reads only; never changes the cluster.
     *
     * @throws ChaosActionException when the action cannot be prepared (its object is missing, ...)
     */
    Step prepare(ActionContext context);

    static FaultAction of(Action action) {
        if (action instanceof Action.PodKill a) {
            return new PodKillAction(a);
        } else if (action instanceof Action.PodCrash a) {
            return new PodCrashAction(a);
        } else if (action instanceof Action.Rollout a) {
            return new RolloutAction(a);
        } else if (action instanceof Action.Rollback a) {
            return new RollbackAction(a);
        } else if (action instanceof Action.Scale a) {
            return new ScaleAction(a);
        } else if (action instanceof Action.NodeDrain a) {
            return new NodeDrainAction(a);
        } else if (action instanceof Action.NodeFail a) {
            return new NodeFailAction(a);
        } else if (action instanceof Action.ConfigChange a) {
            return new ConfigChangeAction(a);
        } else if (action instanceof Action.ApiOutage a) {
            return new ApiOutageAction(a);
        } else if (action instanceof Action.HpaPatch a) {
            return new HpaPatchAction(a);
        }
        throw new IllegalArgumentException("no chaos action for " + action.kind());
    }
}
