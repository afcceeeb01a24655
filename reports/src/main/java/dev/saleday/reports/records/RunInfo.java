package dev.saleday.reports.records;

/**
 * run.json: the run's metadata. Members are null when absent (a crashed run has no {@code endedAtMs}).
 */
public record RunInfo(
        String plan,
        Long startedAtMs,
        String cluster,
        String namespace,
        String deployment,
        String url,
        String saledayVersion,
        String gitCommit,
        Long loadStartMs,
        Long endedAtMs,
        boolean interrupted) {

    public static final RunInfo UNKNOWN = new RunInfo(null, null, null, null, null, null, null, null, null, null,
            false);
}
