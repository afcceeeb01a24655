package dev.saleday.simulations.host;

import java.util.Map;
import java.util.Optional;

/**
 * The growth of one process's scheduler accounting between two reads: CPU its threads got and time they waited in
 * the run queue. A thread seen for the first time counts whole (it started since the previous read); a thread that
 * ended since loses its last part. The first read of a process gives nothing (there is no earlier one) unless the
 * caller knows the process started since its previous read ({@link #startedSinceLastRead()}).
 */
final class ProcessSched {

    /** Nanoseconds over the span. */
    record Growth(long cpuNanos, long waitNanos) {
    }

    private Map<Long, ProcFs.TaskSched> previous;

    /**
     * The process started after the caller's previous read: its first read counts whole, as a new thread does (a
     * pod's JVM works hardest in its first second, and leaving that second out under-counts a host saturated by pod
     * starts).
     */
    void startedSinceLastRead() {
        if (previous == null) {
            previous = Map.of();
        }
    }

    /** @return the growth since the previous read, empty on the first read or when this read found nothing */
    Optional<Growth> advance(Optional<Map<Long, ProcFs.TaskSched>> current) {
        if (current.isEmpty()) {
            previous = null;
            return Optional.empty();
        }
        Map<Long, ProcFs.TaskSched> now = current.get();
        Map<Long, ProcFs.TaskSched> before = previous;
        previous = now;
        if (before == null) {
            return Optional.empty();
        }
        long cpu = 0;
        long wait = 0;
        for (Map.Entry<Long, ProcFs.TaskSched> thread : now.entrySet()) {
            ProcFs.TaskSched earlier = before.get(thread.getKey());
            ProcFs.TaskSched later = thread.getValue();
            cpu += Math.max(0, later.cpuNanos() - (earlier == null ? 0 : earlier.cpuNanos()));
            wait += Math.max(0, later.waitNanos() - (earlier == null ? 0 : earlier.waitNanos()));
        }
        return Optional.of(new Growth(cpu, wait));
    }
}
