package dev.saleday.reports.records;

/**
 * One line of injector.jsonl: one second of load.
 *
 * @param tMs      epoch ms of the second's start
 * @param phase    the phase it belongs to
 * @param intended arrivals the plan asked for in that second (after scale and shard)
 * @param sent     requests actually started
 * @param hostCpu  the injector host's CPU load 0..1, -1 unknown
 * @param sendLagMaxMs the largest send lag (actual minus intended send time) of the requests started in that
 *                 second, ms; null when none started or not recorded (records of an older saleday)
 */
public record InjectorSecond(long tMs, String phase, long intended, long sent, double hostCpu, Long sendLagMaxMs) {
}
