package dev.saleday.records;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of probe.jsonl ({@link ProbeFile}): one probe request.
 *
 * @param tMs       epoch ms of the intended send time, the tick (field {@code t})
 * @param sentAtMs  epoch ms it was actually sent
 * @param latencyMs from the tick to the end of the answer (or the failure)
 * @param status    HTTP status, 0 when none
 * @param outcome   {@code ok}, {@code http_error}, {@code timeout}, {@code connect_error}, {@code reset}, {@code other}
 * @param version   X-Model-Version of the answer, or null
 * @param pod       X-Pod-Name of the answer, or null
 */
@JsonPropertyOrder({"t", "sentAtMs", "latencyMs", "status", "outcome", "version", "pod"})
public record ProbeRecord(@JsonProperty("t") long tMs, long sentAtMs, double latencyMs, int status, String outcome,
                          String version, String pod) {

    @JsonIgnore
    public boolean ok() {
        return "ok".equals(outcome);
    }
}
