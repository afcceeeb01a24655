package dev.saleday.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The plan's clock, the one place that says when things happen, as offsets from the start of the load: where each
 * phase begins and ends, the scaled arrival rate r(t), the cumulative arrivals A(t) and its inverse, and when each
 * timed fault fires. Built once per run from the plan ({@link #of(Plan)}) and asked by every module that needs the
 * plan's time: the injector (how many requests are due), chaos (when to fire), the progress line and the analysis
 * (which phase a record falls in, what was intended). Immutable.
 *
 * <p>Offsets are whole milliseconds: a phase lasts {@code duration.toMillis()}. The rate is piecewise linear: a
 * constant phase holds its rate, a ramp goes linearly from its start rate to its end rate; both are multiplied by
 * {@link Traffic#scale()}. A(t) is the integral of r from 0 to t: the expected number of arrivals before t.
 */
public final class PlanSchedule {

    /** One firing of a timed fault ({@code at} or one repetition of {@code every}), as an offset from the start. */
    public record Firing(Duration offset, Fault fault) {
    }

    private final List<Phase> phases;
    private final double scale;
    private final long[] phaseStartMillis;
    private final double[] arrivalsBeforePhase;
    private final List<Firing> firings;
    private final List<Fault> conditional;

    private PlanSchedule(Traffic traffic, List<Fault> faults) {
        this.phases = traffic.phases();
        this.scale = traffic.scale();
        this.phaseStartMillis = new long[phases.size() + 1];
        this.arrivalsBeforePhase = new double[phases.size() + 1];
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            long durationMillis = phase.duration().toMillis();
            phaseStartMillis[i + 1] = phaseStartMillis[i] + durationMillis;
            arrivalsBeforePhase[i + 1] = arrivalsBeforePhase[i]
                    + (phase.startRateRps() + phase.endRateRps()) / 2 * scale * durationMillis / 1000.0;
        }
        List<Firing> timed = new ArrayList<>();
        List<Fault> onCondition = new ArrayList<>();
        for (Fault fault : faults) {
            if (fault.trigger() instanceof Trigger.At at) {
                timed.add(new Firing(offsetOf(at), fault));
            } else if (fault.trigger() instanceof Trigger.Every every) {
                for (Duration offset : repetitions(every)) {
                    timed.add(new Firing(offset, fault));
                }
            } else {
                onCondition.add(fault);
            }
        }
        timed.sort(Comparator.comparing(Firing::offset)); // stable: faults due at once keep the plan's order
        this.firings = List.copyOf(timed);
        this.conditional = List.copyOf(onCondition);
    }

    /** @return the schedule of the plan's load and of its faults */
    public static PlanSchedule of(Plan plan) {
        return new PlanSchedule(plan.traffic(), plan.faults());
    }

    /** @return the schedule of a load without faults */
    public static PlanSchedule of(Traffic traffic) {
        return new PlanSchedule(traffic, List.of());
    }

    // ---- phases

    public List<Phase> phases() {
        return phases;
    }

    /** @return the traffic's scale, which multiplies every rate */
    public double scale() {
        return scale;
    }

    /** @return the planned length of the load: the sum of the phases' durations */
    public long loadMillis() {
        return phaseStartMillis[phases.size()];
    }

    /** @return the offset of phase {@code phaseIndex}'s start */
    public long phaseStartMillis(int phaseIndex) {
        return phaseStartMillis[phaseIndex];
    }

    /** @return the offset of phase {@code phaseIndex}'s end (the next one's start) */
    public long phaseEndMillis(int phaseIndex) {
        return phaseStartMillis[phaseIndex + 1];
    }

    /** @return the index of the phase named so, or -1 */
    public int phaseIndex(String phaseName) {
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).name().equals(phaseName)) {
                return i;
            }
        }
        return -1;
    }

    /** @throws IllegalArgumentException when no phase is named so */
    public long phaseStartMillis(String phaseName) {
        int index = phaseIndex(phaseName);
        if (index < 0) {
            throw new IllegalArgumentException("no phase named '" + phaseName + "'");
        }
        return phaseStartMillis[index];
    }

    /** @return the index of the phase running at {@code offsetMillis}, or -1 before the start or from the end on */
    public int phaseIndexAt(long offsetMillis) {
        if (offsetMillis < 0 || offsetMillis >= loadMillis()) {
            return -1;
        }
        int low = 0;
        int high = phases.size() - 1;
        while (low < high) { // the last phase starting at or before the offset, skipping phases of no length
            int mid = (low + high + 1) >>> 1;
            if (phaseStartMillis[mid] <= offsetMillis) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        while (phaseStartMillis[low + 1] <= offsetMillis) {
            low++;
        }
        return low;
    }

    // ---- arrivals

    /** @return r(t): the scaled intended arrival rate at {@code offsetMillis}, req/s; 0 outside the load */
    public double rateRpsAt(long offsetMillis) {
        int index = phaseIndexAt(offsetMillis);
        if (index < 0) {
            return 0;
        }
        Phase phase = phases.get(index);
        double progress = (double) (offsetMillis - phaseStartMillis[index])
                / (phaseStartMillis[index + 1] - phaseStartMillis[index]);
        return (phase.startRateRps() + (phase.endRateRps() - phase.startRateRps()) * progress) * scale;
    }

    /** @return A(t): the expected number of arrivals before {@code offsetMillis} (scaled, not rounded) */
    public double arrivalsBefore(long offsetMillis) {
        if (offsetMillis <= 0) {
            return 0;
        }
        if (offsetMillis >= loadMillis()) {
            return totalArrivals();
        }
        int index = phaseIndexAt(offsetMillis);
        Phase phase = phases.get(index);
        double intoSeconds = (offsetMillis - phaseStartMillis[index]) / 1000.0;
        double durationSeconds = (phaseStartMillis[index + 1] - phaseStartMillis[index]) / 1000.0;
        double startRps = phase.startRateRps() * scale;
        double endRps = phase.endRateRps() * scale;
        return arrivalsBeforePhase[index] + startRps * intoSeconds
                + (endRps - startRps) * intoSeconds * intoSeconds / (2 * durationSeconds);
    }

    /** @return A at the end of the load: every arrival the plan intends (scaled, not rounded) */
    public double totalArrivals() {
        return arrivalsBeforePhase[phases.size()];
    }

    /** @return the arrivals phase {@code phaseIndex} intends (scaled, not rounded) */
    public double plannedArrivals(int phaseIndex) {
        return arrivalsBeforePhase[phaseIndex + 1] - arrivalsBeforePhase[phaseIndex];
    }

    /**
     * @return how many requests are due before {@code offsetMillis}: request {@code j} (from 0) is due when A(t)
     *         reaches {@code j + 0.5}, so that every phase gets its planned count, rounded
     */
    public long arrivalCountBefore(long offsetMillis) {
        return (long) Math.floor(arrivalsBefore(offsetMillis) + 0.5);
    }

    /**
     * The inverse of A: when the plan has asked for {@code count} arrivals.
     *
     * @return the earliest whole millisecond t in [0, load end] with A(t) >= {@code count}; the load's end when
     *         the plan never asks for that many
     */
    public long millisReaching(double count) {
        if (count <= 0) {
            return 0;
        }
        if (count > totalArrivals()) {
            return loadMillis();
        }
        int index = 0;
        while (arrivalsBeforePhase[index + 1] < count) {
            index++;
        }
        Phase phase = phases.get(index);
        double durationSeconds = (phaseStartMillis[index + 1] - phaseStartMillis[index]) / 1000.0;
        double startRps = phase.startRateRps() * scale;
        double slope = (phase.endRateRps() - phase.startRateRps()) * scale / durationSeconds;
        double rest = count - arrivalsBeforePhase[index];
        // rest = startRps x + slope x^2 / 2, solved for x in the form that stays exact when slope is near 0
        double intoSeconds = 2 * rest / (startRps + Math.sqrt(Math.max(0, startRps * startRps + 2 * slope * rest)));
        long t = Math.min(loadMillis(), phaseStartMillis[index] + (long) Math.ceil(intoSeconds * 1000));
        while (t > 0 && arrivalsBefore(t - 1) >= count) { // rounding: settle on the earliest millisecond
            t--;
        }
        while (t < loadMillis() && arrivalsBefore(t) < count) {
            t++;
        }
        return t;
    }

    // ---- faults

    /** @return the offset of an {@code at} trigger from the start of the load */
    public Duration offsetOf(Trigger.At at) {
        return at.phase() == null ? at.offset() : Duration.ofMillis(phaseStartMillis(at.phase())).plus(at.offset());
    }

    /**
     * @return the offsets of an {@code every} trigger's firings: {@code times} of them, or with no {@code times}
     *         every one before the end of the load
     */
    public List<Duration> repetitions(Trigger.Every every) {
        Duration first = offsetOf(every.first());
        Duration end = Duration.ofMillis(loadMillis());
        List<Duration> offsets = new ArrayList<>();
        for (int i = 0; ; i++) {
            Duration offset = first.plus(every.interval().multipliedBy(i));
            if (every.times() == 0 ? offset.compareTo(end) >= 0 : i >= every.times()) {
                return offsets;
            }
            offsets.add(offset);
        }
    }

    /** @return every firing of the timed faults ({@code at}, {@code every}), in time order */
    public List<Firing> firings() {
        return firings;
    }

    /** @return the faults fired on a condition ({@code when}), in plan order: their time is not known in advance */
    public List<Fault> conditionalFaults() {
        return conditional;
    }
}
