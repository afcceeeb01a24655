package dev.saleday.reports.analysis;

import dev.saleday.plan.PlanSchedule;
import dev.saleday.records.InjectorSecond;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arrivals each phase intended. injector.jsonl counts them by wall-clock second and names one phase a second,
 * while phases start at the load's start plus their offsets, so a second that straddles a boundary holds the end of
 * one phase and the start of the next: its count is split between them as the plan's schedule splits that second
 * (a 5 s step at 2000 req/s then reads 10,000, not 10,000 plus the next step's first fraction of a second).
 */
final class IntendedArrivals {

    private IntendedArrivals() {
    }

    /**
     * @param loadStartMs the load's start (wall clock) the seconds' {@code t} are read against
     * @return the intended arrivals per phase name: injector.jsonl's when recorded, else the plan's (scaled)
     */
    static Map<String, Long> byPhase(List<InjectorSecond> injector, PlanSchedule schedule, long loadStartMs) {
        Map<String, Long> intended = new HashMap<>();
        int phaseCount = schedule.phases().size();
        if (injector.isEmpty()) {
            for (int i = 0; i < phaseCount; i++) {
                intended.put(schedule.phases().get(i).name(), Math.round(schedule.plannedArrivals(i)));
            }
            return intended;
        }
        Map<String, Double> shares = new HashMap<>();
        for (InjectorSecond second : injector) {
            long fromMs = second.tMs() - loadStartMs;
            long toMs = fromMs + 1000;
            double[] planned = new double[phaseCount];
            double plannedTotal = 0;
            for (int i = 0; i < phaseCount; i++) {
                long a = Math.max(fromMs, schedule.phaseStartMillis(i));
                long b = Math.min(toMs, schedule.phaseEndMillis(i));
                if (b > a) {
                    planned[i] = schedule.arrivalsBefore(b) - schedule.arrivalsBefore(a);
                    plannedTotal += planned[i];
                }
            }
            if (plannedTotal <= 0) { // a second the schedule plans nothing in: keep the recorder's label
                shares.merge(second.phase() == null ? "" : second.phase(), (double) second.intended(), Double::sum);
                continue;
            }
            for (int i = 0; i < phaseCount; i++) {
                if (planned[i] > 0) {
                    shares.merge(schedule.phases().get(i).name(), second.intended() * planned[i] / plannedTotal,
                            Double::sum);
                }
            }
        }
        shares.forEach((phase, count) -> intended.put(phase, Math.round(count)));
        return intended;
    }
}
