package dev.saleday.records;

/**
 * run.json ({@link RunFile}): what ran, where and when. Members are null when not (yet) known: a run that has not
 * reached its cluster has no {@code context}, a crashed run no {@code endedAtMs}.
 *
 * @param plan           the plan's name
 * @param startedAtMs    epoch ms the run started
 * @param cluster        {@code local} or {@code kubeconfig}
 * @param namespace      the target namespace
 * @param deployment     the target deployment
 * @param context        the Kubernetes context the run reached, once it did
 * @param url            the URL the load went to (null in a dry run)
 * @param saledayVersion the saleday version that ran (field {@code saleday})
 * @param gitCommit      the commit of the harness (or the plan's repository), when known
 * @param dryRun         faults were printed, not applied, and no load was sent
 * @param interrupted    the run was stopped before its end (abort, Ctrl-C)
 * @param loadStartMs    epoch ms the first phase started; phase boundaries count from it
 * @param endedAtMs      epoch ms the run ended
 * @param abortReason    why chaos's abort guard stopped the run, or null
 */
public record RunInfo(
        String plan,
        Long startedAtMs,
        String cluster,
        String namespace,
        String deployment,
        String context,
        String url,
        String saledayVersion,
        String gitCommit,
        boolean dryRun,
        boolean interrupted,
        Long loadStartMs,
        Long endedAtMs,
        String abortReason) {

    /** A run directory without run.json. */
    public static final RunInfo UNKNOWN = new RunInfo(null, null, null, null, null, null, null, null, null, false,
            false, null, null, null);

    /** run.json as written when a run starts. */
    public static RunInfo started(String plan, long startedAtMs, String cluster, String namespace, String deployment,
                                  String saledayVersion, String gitCommit, boolean dryRun) {
        return new RunInfo(plan, startedAtMs, cluster, namespace, deployment, null, null, saledayVersion, gitCommit,
                dryRun, false, null, null, null);
    }

    /** @return this run once it reached its cluster ({@code url} null when no load is sent) */
    public RunInfo withTarget(String reachedContext, String reachedUrl) {
        return new RunInfo(plan, startedAtMs, cluster, namespace, deployment, reachedContext, reachedUrl,
                saledayVersion, gitCommit, dryRun, interrupted, loadStartMs, endedAtMs, abortReason);
    }

    public RunInfo withLoadStart(long loadStartAtMs) {
        return new RunInfo(plan, startedAtMs, cluster, namespace, deployment, context, url, saledayVersion, gitCommit,
                dryRun, interrupted, loadStartAtMs, endedAtMs, abortReason);
    }

    /** @param reason why chaos aborted the run, or null to keep what was known */
    public RunInfo withEnd(long endAtMs, boolean wasInterrupted, String reason) {
        return new RunInfo(plan, startedAtMs, cluster, namespace, deployment, context, url, saledayVersion, gitCommit,
                dryRun, wasInterrupted, loadStartMs, endAtMs, reason != null ? reason : abortReason);
    }
}
