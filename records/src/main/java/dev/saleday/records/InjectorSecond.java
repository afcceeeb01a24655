package dev.saleday.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of injector.jsonl ({@link InjectorFile}): one second of load.
 *
 * @param tMs      epoch ms of the second's start (field {@code t})
 * @param phase    the phase it belongs to
 * @param intended arrivals the plan asked for in that second (after scale and shard)
 * @param sent     requests actually started
 * @param hostCpu  the injector host's CPU load 0..1, -1 unknown
 * @param sendLagMaxMs the largest send lag (actual minus intended send time) of the requests started in that
 *                 second, ms; null when none started, and in version 1 records (which did not have it)
 */
@JsonPropertyOrder({"t", "phase", "intended", "sent", "hostCpu", "sendLagMaxMs"})
public record InjectorSecond(@JsonProperty("t") long tMs, String phase, long intended, long sent, double hostCpu,
                             Long sendLagMaxMs) {

    /** Without send lag (nothing started in the second, or a version 1 record). */
    public InjectorSecond(long tMs, String phase, long intended, long sent, double hostCpu) {
        this(tMs, phase, intended, sent, hostCpu, null);
    }
}
