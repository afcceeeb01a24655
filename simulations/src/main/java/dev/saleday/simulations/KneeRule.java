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
 * A queue that grows slowly at first rises by less than that from step to step, so the knee is also the first of two
 * steps in a row whose p99 stands at least {@value #ELEVATION_FACTOR} x the median p99 of every step before it (and
 * {@value #ELEVATION_FLOOR_OF_BOUND} of the bound above it), once {@value #SETTLED_STEPS} steps have set that level.
 * The earliest knee any of these finds is the knee.
 *
 * <p>Measured on one 300m pod (steps of 1 req/s, 1 s each, p99 bound 1 s): the p99 read 19-30 ms up to 23 req/s and
 * 97, 469, 1087 ms at 24-26 req/s; the bound alone put the knee at 26 or at 30 req/s in two runs a minute apart, the
 * rising run at 24 in both. Two searches of the same warm pod on an idle host (13.8 and 13.3 ms of CPU a request):
 * p99 21 -> 59 -> 107 -> 321 ms from 24 req/s in one never rose 1.5x and 50 ms twice in a row, and the bound put its
 * knee at 30 where the other's was 25; the level rule puts both at 25.
 */
final class KneeRule {

    /** How much a step's p99 must exceed the previous step's to count as rising. */
    static final double RISE_FACTOR = 1.5;

    /** The least rise that counts, as a share of the p99 bound: below it, a fast target's jitter. */
    static final double RISE_FLOOR_OF_BOUND = 0.05;

    /** How far above the settled level (the median p99 of the steps before) a step's p99 must stand. */
    static final double ELEVATION_FACTOR = 2.5;

    /** The least height above the settled level that counts, as a share of the p99 bound. */
    static final double ELEVATION_FLOOR_OF_BOUND = 0.02;

    /** Steps that set the settled level before a step can stand above it. */
    static final int SETTLED_STEPS = 3;

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
            Optional<Found> found = Optional.empty();
            StepJudgement step = steps.get(i);
            if (!step.held()) {
                int knee = runStart >= 0 ? runStart : i;
                String broke = String.format(Locale.ROOT, "%s broke a bound (p99 %.0f ms, errors %.2f %%)",
                        step.step(), step.p99Ms(), step.errorRate() * 100);
                found = Optional.of(new Found(knee, knee == i ? broke : rise(steps, knee, i) + "; " + broke));
            } else if (rising && runStart < i) {
                found = Optional.of(new Found(runStart, rise(steps, runStart, i)));
            }
            if (i > 0 && elevated(steps, i - 1, maxP99Ms) && elevated(steps, i, maxP99Ms)
                    && (found.isEmpty() || found.get().index() > i - 1)) {
                found = Optional.of(new Found(i - 1, elevation(steps, i - 1, i)));
            }
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** @return whether step {@code i}'s p99 stands above the level the steps before it settled at */
    static boolean elevated(List<StepJudgement> steps, int i, long maxP99Ms) {
        if (i < SETTLED_STEPS) {
            return false;
        }
        double level = settledLevelMs(steps, i);
        double p99Ms = steps.get(i).p99Ms();
        return p99Ms >= ELEVATION_FACTOR * level && p99Ms - level >= ELEVATION_FLOOR_OF_BOUND * maxP99Ms;
    }

    /** @return the median p99 of the steps before {@code i} */
    private static double settledLevelMs(List<StepJudgement> steps, int i) {
        double[] before = steps.subList(0, i).stream().mapToDouble(StepJudgement::p99Ms).sorted().toArray();
        int middle = before.length / 2;
        return before.length % 2 == 1 ? before[middle] : (before[middle - 1] + before[middle]) / 2;
    }

    /** @return e.g. {@code p99 59 -> 107 ms from step-12-25rps, over 2.5x the 23 ms the steps before settled at} */
    private static String elevation(List<StepJudgement> steps, int from, int to) {
        return String.format(Locale.ROOT, "p99 %d -> %d ms from %s, over %.1fx the %d ms the steps before settled at:"
                        + " the queue grew", Math.round(steps.get(from).p99Ms()), Math.round(steps.get(to).p99Ms()),
                steps.get(from).step(), ELEVATION_FACTOR, Math.round(settledLevelMs(steps, from)));
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
