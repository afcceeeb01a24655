package dev.saleday.reports.records;

/**
 * One line of injector.jsonl: one second of load.
 *
 * @param tMs      epoch ms of the second's start
 * @param phase    the phase it belongs to
 * @param intended arrivals the plan asked for in that second (after scale and shard)
 * @param sent     requests actually started
 * @param hostCpu  the injector host's CPU load 0..1, -1 unknown
 */
public record InjectorSecond(long tMs, String phase, long intended, long sent, double hostCpu) {
}
