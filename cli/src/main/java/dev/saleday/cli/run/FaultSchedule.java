package dev.saleday.cli.run;

import dev.saleday.plan.Durations;
import dev.saleday.plan.Fault;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.PlanWriter;
import dev.saleday.plan.Trigger;
import java.time.Duration;
import java.util.List;

/** The next fault to fire, for the progress line: the plan's firings ({@link PlanSchedule}) named for people. */
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
        return of(PlanSchedule.of(plan));
    }

    static FaultSchedule of(PlanSchedule schedule) {
        List<Firing> firings = schedule.firings().stream()
                .map(firing -> new Firing(firing.offset(), firing.fault().name())).toList();
        List<String> conditional = schedule.conditionalFaults().stream().map(FaultSchedule::describe).toList();
        return new FaultSchedule(firings, conditional);
    }

    private static String describe(Fault fault) {
        return fault.name() + " when " + PlanWriter.condition(((Trigger.When) fault.trigger()).condition());
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
}
