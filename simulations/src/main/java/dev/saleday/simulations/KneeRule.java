package dev.saleday.simulations;

import dev.saleday.records.CapacityFile.StepJudgement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a capacity search's knee is, from the steps judged so far (pure). A step over a bound is a knee, as is a
 * queue that grows: past what the target serves, each step's backlog adds to the next one's, so the p99 climbs from
 * step to step while it is still under the bound, and it crosses the bound several steps later, after how long the
 * backlog took to build rather than where the target stopped keeping up. So the knee is the first step of a rising run
 * (each step's p99 at least {@value #RISE_FACTOR} x the one before, and higher by at least {@value #RISE_FLOOR_OF_BOUND}
 * of the p99 bound) once the run is two steps long, or once a step of it breaks the bound. One slow step whose
 * successor recovers is noise (a pause of the host, a collection), not a knee.
 *
 * <p>Measured on one 300m pod (steps of 1 req/s, 1 s each, p99 bound 1 s): the p99 read 19-30 ms up to 23 req/s and
 * 97, 469, 1087 ms at 24-26 req/s; the bound alone put the knee at 26 or at 30 req/s in two runs a minute apart, the
 * rising run at 24 in both.
 */
final class KneeRule {

    /** How much a step's p99 must exceed the previous step's to count as rising. */
    static final double RISE_FACTOR = 1.5;

    /** The least rise that counts, as a share of the p99 bound: below it, a fast target's jitter. */
    static final double RISE_FLOOR_OF_BOUND = 0.05;

    /**
     * @param index  the knee's index among the judged steps
     * @param reason what made it the knee
     */
    record Found(int index, String reason) {
    }

    private KneeRule() {
    }

    /**
     * @param steps    the steps judged so far, in order ({@code held}: within both bounds)
     * @param maxP99Ms the p99 bound, ms
     * @return the knee, empty while none is found
     */
    static Optional<Found> find(List<StepJudgement> steps, long maxP99Ms) {
        int runStart = -1;
        for (int i = 0; i < steps.size(); i++) {
            boolean rising = i > 0 && rises(steps.get(i - 1).p99Ms(), steps.get(i).p99Ms(), maxP99Ms);
            runStart = rising ? (runStart < 0 ? i : runStart) : -1;
            StepJudgement step = steps.get(i);
            if (!step.held()) {
                int knee = runStart >= 0 ? runStart : i;
                String broke = String.format(Locale.ROOT, "%s broke a bound (p99 %.0f ms, errors %.2f %%)",
                        step.step(), step.p99Ms(), step.errorRate() * 100);
                return Optional.of(new Found(knee, knee == i ? broke : rise(steps, knee, i) + "; " + broke));
            }
            if (rising && runStart < i) {
                return Optional.of(new Found(runStart, rise(steps, runStart, i)));
            }
        }
        return Optional.empty();
    }

    static boolean rises(double previousP99Ms, double p99Ms, long maxP99Ms) {
        return p99Ms >= RISE_FACTOR * previousP99Ms && p99Ms - previousP99Ms >= RISE_FLOOR_OF_BOUND * maxP99Ms;
    }

    /** @return e.g. {@code p99 29 -> 97 -> 469 ms from step-11-24rps: the queue grew} */
    private static String rise(List<StepJudgement> steps, int from, int to) {
        StringBuilder p99s = new StringBuilder();
        for (int i = from - 1; i <= to; i++) {
            p99s.append(i == from - 1 ? "" : " -> ").append(Math.round(steps.get(i).p99Ms()));
        }
        return "p99 " + p99s + " ms from " + steps.get(from).step() + ": the queue grew";
    }
}
