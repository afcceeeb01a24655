package dev.saleday.plan;

import java.time.Duration;

/**
 * One phase of the load. A constant phase has equal start and end rates; a ramp goes linearly from its start
 * rate (written as {@code rate}, or else the previous phase's end rate) to {@code rampTo}. Rates are as written in
 * the plan, before {@link Traffic#scale()}; when a phase runs and how many arrivals it plans: {@link PlanSchedule}.
 *
 * @param name         unique within the plan; names requests and SLOs
 * @param duration     > 0
 * @param startRateRps arrival rate at the phase's start, requests per second, >= 0
 * @param endRateRps   arrival rate at the phase's end, requests per second, >= 0
 */
public record Phase(String name, Duration duration, double startRateRps, double endRateRps) {

    public boolean isRamp() {
        return startRateRps != endRateRps;
    }
}
