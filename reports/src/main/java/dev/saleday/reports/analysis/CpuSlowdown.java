package dev.saleday.reports.analysis;

import dev.saleday.records.HostSample;
import java.util.ArrayList;
import java.util.List;

/**
 * How much slower than at its best each CPU ran the host recorder's fixed computation (host.jsonl {@code cpuProbeUs}),
 * second by second: the machine's own speed, which busy and wait figures do not show. Pure.
 */
public final class CpuSlowdown {

    private final List<Double> bestMicrosByCpu;

    private CpuSlowdown(List<Double> bestMicrosByCpu) {
        this.bestMicrosByCpu = bestMicrosByCpu;
    }

    /** @param host the run's host.jsonl lines: each CPU's best is its fastest reading in them */
    public static CpuSlowdown of(List<HostSample> host) {
        List<Double> best = new ArrayList<>();
        for (HostSample second : host) {
            List<Double> readings = second.cpuProbeUs();
            for (int cpu = 0; cpu < readings.size(); cpu++) {
                while (best.size() <= cpu) {
                    best.add(null);
                }
                Double reading = readings.get(cpu);
                if (reading != null && reading > 0 && (best.get(cpu) == null || reading < best.get(cpu))) {
                    best.set(cpu, reading);
                }
            }
        }
        return new CpuSlowdown(best);
    }

    /**
     * @return by how much the slowest CPU of this second ran the computation slower than its own best in the run, %
     *         (0: at its best; 75: 1.75x the time); NaN when this second has no reading
     */
    public double slowestPercent(HostSample second) {
        double slowest = Double.NaN;
        List<Double> readings = second.cpuProbeUs();
        for (int cpu = 0; cpu < readings.size() && cpu < bestMicrosByCpu.size(); cpu++) {
            Double reading = readings.get(cpu);
            Double best = bestMicrosByCpu.get(cpu);
            if (reading != null && best != null) {
                double percent = (reading / best - 1) * 100;
                slowest = Double.isNaN(slowest) ? percent : Math.max(slowest, percent);
            }
        }
        return Double.isNaN(slowest) ? slowest : Math.round(slowest * 10) / 10.0;
    }
}
