package dev.saleday.simulations.records;

/**
 * The record formats this module writes, exactly as docs/RECORDS.md specifies them. Field order is the
 * serialisation order.
 */
public final class Records {

    public static final String INJECTOR_FILE = "injector.jsonl";
    public static final String ANSWERS_FILE = "answers.jsonl";
    public static final String PROBE_FILE = "probe.jsonl";
    public static final String HOST_FILE = "host.jsonl";

    private Records() {
    }

    public record InjectorHeader(String format, int version, String shard, long loadStartMs) {
        public InjectorHeader(String shard, long loadStartMs) {
            this("saleday.injector", 1, shard, loadStartMs);
        }
    }

    /**
     * One second of load: arrivals intended (after scale and shard), requests started, host CPU 0..1 (-1 unknown), and
     * the largest send lag of the requests started in it (actual minus intended send time, ms; null when none
     * started).
     */
    public record InjectorSecond(long t, String phase, long intended, long sent, double hostCpu, Long sendLagMaxMs) {
    }

    public record AnswersHeader(String format, int version) {
        public AnswersHeader() {
            this("saleday.answers", 1);
        }
    }

    /** Answers completed in one second from one (model version, pod); null version/pod: the answer had none. */
    public record AnswersSecond(long t, String version, String pod, long ok, long failed) {
    }

    public record ProbeHeader(String format, int version, String url, double rateRps, long timeoutMs) {
        public ProbeHeader(String url, double rateRps, long timeoutMs) {
            this("saleday.probe", 1, url, rateRps, timeoutMs);
        }
    }

    /**
     * One probe: {@code t} the intended send time, {@code latencyMs} from {@code t} to the end, {@code status} 0
     * when there was no HTTP answer.
     */
    public record ProbeRecord(long t, long sentAtMs, double latencyMs, int status, String outcome, String version, String pod) {
    }

    /**
     * host.jsonl's header: the machine that runs the injector (and, with a local target, the cluster's pods).
     *
     * @param cores       CPUs the host offers
     * @param injectorPid the injector JVM's pid
     */
    public record HostHeader(String format, int version, long loadStartMs, int cores, long injectorPid) {
        public HostHeader(long loadStartMs, int cores, long injectorPid) {
            this("saleday.host", 1, loadStartMs, cores, injectorPid);
        }
    }

    /**
     * One second of the host, from {@code t} for {@code spanMs}. Rates are per second of the span; a null member is
     * a source that could not be read (not Linux, no PSI, no schedstat, a process gone).
     *
     * @param cpuBusy        share of all CPUs busy (everything but idle and iowait; steal counts as busy), 0..1
     * @param cpuPressure    share of the span in which some runnable task waited for a CPU (PSI some), 0..1
     * @param memAvailableMb memory available for new work, MiB
     * @param injector       the injector JVM's threads
     * @param pods           each local pod's main process (empty with a remote target)
     */
    public record HostSecond(long t, long spanMs, Double cpuBusy, Double cpuPressure, Long memAvailableMb,
                             HostInjector injector, java.util.List<HostPod> pods) {
    }

    /**
     * @param cpuMsPerS     CPU time its threads ran, ms per second
     * @param waitMsPerS    time its threads were runnable but waited for a CPU (run queue), ms per second
     * @param gcPauseMsPerS the JVM's collection pauses, ms per second
     */
    public record HostInjector(long pid, Double cpuMsPerS, Double waitMsPerS, Double gcPauseMsPerS) {
    }

    /**
     * @param limitMillicores the pod's CPU limit (sum over its containers), null when it has none
     * @param throttledMsPerS time the kernel throttled its cgroup (CFS quota), null when no quota group
     */
    public record HostPod(String pod, long pid, Double cpuMsPerS, Double waitMsPerS, Long limitMillicores,
                          Double throttledMsPerS) {
    }
}
