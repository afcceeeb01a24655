package dev.saleday.localkube.logs;

import java.time.Instant;

/**
 * Which entries of a container log are served and how, as the kubelet reads a pod log request
 * (pkg/kubelet/kuberuntime/logs/logs.go, {@code NewLogOptions} and {@code logWriter}): the last {@code tailLines}
 * entries of the file (all when negative), of those the ones written at or after {@code since}, each with its time
 * first when {@code timestamps}, cut after {@code limitBytes} bytes of output (no limit when negative).
 */
public record LogSelection(long tailLines, Instant since, boolean timestamps, long limitBytes) {

    /** Everything, as written: what {@code kubectl logs} without flags asks for. */
    public static final LogSelection ALL = new LogSelection(-1, Instant.MIN, false, -1);

    public LogSelection {
        if (since == null) {
            throw new IllegalArgumentException("since must not be null (Instant.MIN for every entry)");
        }
    }
}
