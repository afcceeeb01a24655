package dev.saleday.simulations;

/**
 * What one injector did in one phase.
 *
 * @param phase    the phase's name (also the Gatling request and scenario name)
 * @param planned  the shard's planned requests in the phase
 * @param sent     requests started
 * @param ok       answers that passed the checks
 * @param failed   answers that failed
 * @param p99Millis p99 response time of the phase's answers, -1 when none
 */
public record PhaseCounts(String phase, long planned, long sent, long ok, long failed, double p99Millis) {
}
