package dev.saleday.simulations.records;

/**
 * The record formats this module writes, exactly as docs/RECORDS.md specifies them. Field order is the
 * serialisation order.
 */
public final class Records {

    public static final String INJECTOR_FILE = "injector.jsonl";
    public static final String ANSWERS_FILE = "answers.jsonl";
    public static final String PROBE_FILE = "probe.jsonl";

    private Records() {
    }

    public record InjectorHeader(String format, int version, String shard, long loadStartMs) {
        public InjectorHeader(String shard, long loadStartMs) {
            this("saleday.injector", 1, shard, loadStartMs);
        }
    }

    /** One second of load: arrivals intended (after scale and shard), requests started, host CPU 0..1 (-1 unknown). */
    public record InjectorSecond(long t, String phase, long intended, long sent, double hostCpu) {
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
}
