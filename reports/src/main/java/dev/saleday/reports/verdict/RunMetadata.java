package dev.saleday.reports.verdict;

/**
 * What ran, where and when; from run.json and simulation.log's header. Any member may be null when its record
 * was missing.
 *
 * @param plan            the plan's name
 * @param cluster         {@code local} or {@code kubeconfig}
 * @param namespace       the target namespace
 * @param deployment      the target deployment
 * @param url             the URL the load went to
 * @param saledayVersion  the saleday version that ran
 * @param gitCommit       the commit of the harness (or the plan's repository), when known
 * @param gatlingVersion  the Gatling version that wrote simulation.log
 * @param simulationClass Gatling's simulation class
 * @param startedAtMs     epoch ms the run started
 * @param loadStartMs     epoch ms the first phase started; phase boundaries count from it
 * @param endedAtMs       epoch ms the run ended; null for a crashed run
 * @param interrupted     the run was stopped before its end (abort, Ctrl-C)
 */
public record RunMetadata(
        String plan,
        String cluster,
        String namespace,
        String deployment,
        String url,
        String saledayVersion,
        String gitCommit,
        String gatlingVersion,
        String simulationClass,
        Long startedAtMs,
        Long loadStartMs,
        Long endedAtMs,
        boolean interrupted) {
}
