package dev.saleday.simulations.traffic;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.Traffic;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A validated traffic section ready to drive: when requests are due ({@link #schedule()}) and what they ask
 * ({@link #sequence()}). Built once from a plan's {@link Traffic}; immutable.
 */
public final class TrafficModel {

    private final Traffic traffic;
    private final ArrivalSchedule schedule;
    private final RequestSequence sequence;

    private TrafficModel(Traffic traffic, PlanSchedule clock) {
        this.traffic = traffic;
        this.schedule = new ArrivalSchedule(clock);
        this.sequence = new RequestSequence(traffic);
    }

    /** @throws InvalidTrafficException naming every field that breaks a rule */
    public static TrafficModel of(Traffic traffic) {
        TrafficValidator.validate(traffic);
        return new TrafficModel(traffic, PlanSchedule.of(traffic));
    }

    /**
     * The plan's traffic on the run's clock, so that the load and the rest of the run share one schedule.
     *
     * @throws InvalidTrafficException naming every field that breaks a rule
     */
    public static TrafficModel of(Plan plan, PlanSchedule clock) {
        TrafficValidator.validate(plan.traffic());
        return new TrafficModel(plan.traffic(), clock);
    }

    public Traffic traffic() {
        return traffic;
    }

    public ArrivalSchedule schedule() {
        return schedule;
    }

    /** @return the plan's clock: phase bounds, rates, arrivals */
    public PlanSchedule clock() {
        return schedule.clock();
    }

    public RequestSequence sequence() {
        return sequence;
    }

    /**
     * The shard's requests of one phase, in order. Endless: should the injector start more users than planned,
     * they get the following requests of the shard instead of failing the run.
     */
    public Iterator<RequestSequence.Request> phaseRequests(Shard shard, int phaseIndex) {
        long first = shard.firstOwnedFrom(schedule.firstGlobalIndexOfPhase(phaseIndex));
        return new Iterator<>() {
            private long next = first;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public RequestSequence.Request next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                RequestSequence.Request request = sequence.request(next);
                next += shard.count();
                return request;
            }
        };
    }

    /** @return the shard's requests of the whole load, in order (finite) */
    public Iterator<RequestSequence.Request> shardRequests(Shard shard) {
        long end = schedule.clock().arrivalCountBefore(schedule.totalMillis());
        return new Iterator<>() {
            private long next = shard.index();

            @Override
            public boolean hasNext() {
                return next < end;
            }

            @Override
            public RequestSequence.Request next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RequestSequence.Request request = sequence.request(next);
                next += shard.count();
                return request;
            }
        };
    }
}
