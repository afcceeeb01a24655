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
 */
@JsonPropertyOrder({"t", "phase", "intended", "sent", "hostCpu"})
public record InjectorSecond(@JsonProperty("t") long tMs, String phase, long intended, long sent, double hostCpu) {
}
