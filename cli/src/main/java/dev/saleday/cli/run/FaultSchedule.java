package dev.saleday.cli.run;

import dev.saleday.plan.Durations;
import dev.saleday.plan.Fault;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanWriter;
import dev.saleday.plan.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** When the plan's timed faults fire, as offsets from the start of the load (for the progress line). */
final class FaultSchedule {

    /** One firing of a timed fault. */
    record Firing(Duration offset, String fault) {
    }

    private final List<Firing> firings;
    private final List<String> conditional;

    private FaultSchedule(List<Firing> firings, List<String> conditional) {
        this.firings = firings;
        this.conditional = conditional;
    }

    static FaultSchedule of(Plan plan) {
        List<Firing> firings = new ArrayList<>();
        List<String> conditional = new ArrayList<>();
        Duration end = plan.loadDuration();
        for (Fault fault : plan.faults()) {
            Trigger trigger = fault.trigger();
            if (trigger instanceof Trigger.At at) {
                firings.add(new Firing(offset(plan, at), fault.name()));
            } else if (trigger instanceof Trigger.Every every) {
                Duration first = offset(plan, every.first());
                for (int i = 0; every.times() == 0 ? first.plus(every.interval().multipliedBy(i)).compareTo(end) < 0
                        : i < every.times(); i++) {
                    firings.add(new Firing(first.plus(every.interval().multipliedBy(i)), fault.name()));
                }
            } else if (trigger instanceof Trigger.When when) {
                conditional.add(fault.name() + " when " + PlanWriter.condition(when.condition()));
            }
        }
        firings.sort(Comparator.comparing(Firing::offset));
        return new FaultSchedule(List.copyOf(firings), List.copyOf(conditional));
    }

    List<Firing> firings() {
        return firings;
    }

    /** @return e.g. {@code kill-30pc in 8s}, or the conditional faults, or {@code -} */
    String next(Duration elapsed) {
        for (Firing firing : firings) {
            if (firing.offset().compareTo(elapsed) >= 0) {
                Duration in = firing.offset().minus(elapsed);
                return firing.fault() + " in " + Durations.format(Duration.ofSeconds(in.toSeconds()));
            }
        }
        return conditional.isEmpty() ? "-" : String.join(", ", conditional);
    }

    private static Duration offset(Plan plan, Trigger.At at) {
        return (at.phase() == null ? Duration.ZERO : plan.traffic().phaseStartOffset(at.phase())).plus(at.offset());
    }
}
