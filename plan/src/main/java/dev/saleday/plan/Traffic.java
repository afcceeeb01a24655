package dev.saleday.plan;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The load of the day, an open model: arrivals follow the phases' rates whatever the answers do.
 * Rates in the phases are written at full size; {@code scale} multiplies every one of them, so a plan can keep
 * the real numbers of the day (10k, 100k req/s) and run at a size the machine can drive.
 *
 * @param scale          multiplies every phase rate, > 0
 * @param users          how user ids are drawn
 * @param kMix           how the number of recommendations asked for ({@code k}) is drawn: weights, not necessarily
 *                       summing to 1
 * @param seed           seed of every random draw, so that the same plan sends the same requests
 * @param requestTimeout a request not answered within this counts as failed
 * @param phases         the phases, in order, at least one
 * @param connections    how the arrivals hold their TCP connections to the target
 * @param injectors      how many injectors share the arrivals, >= 1: 1 is the load sent from the saleday process
 *                       itself; N > 1 runs N injector pods (an Indexed Job in the target namespace), pod i sending
 *                       shard i of N (request j is shard j mod N's)
 */
public record Traffic(
        double scale,
        Users users,
        List<KWeight> kMix,
        long seed,
        Duration requestTimeout,
        List<Phase> phases,
        Connections connections,
        int injectors) {

    public Traffic {
        kMix = List.copyOf(kMix);
        phases = List.copyOf(phases);
        Objects.requireNonNull(connections, "connections");
        if (injectors < 1) {
            throw new IllegalArgumentException("injectors must be >= 1, got " + injectors);
        }
    }

    /** With one injector ({@link PlanDefaults#INJECTORS}). */
    public Traffic(double scale, Users users, List<KWeight> kMix, long seed, Duration requestTimeout,
                   List<Phase> phases, Connections connections) {
        this(scale, users, kMix, seed, requestTimeout, phases, connections, PlanDefaults.INJECTORS);
    }

    /** With the plan format's default connections ({@link PlanDefaults#CONNECTIONS}). */
    public Traffic(double scale, Users users, List<KWeight> kMix, long seed, Duration requestTimeout,
                   List<Phase> phases) {
        this(scale, users, kMix, seed, requestTimeout, phases, PlanDefaults.CONNECTIONS);
    }

    /** The same traffic at another scale. */
    public Traffic withScale(double newScale) {
        return new Traffic(newScale, users, kMix, seed, requestTimeout, phases, connections, injectors);
    }

    /** The same traffic with other connections. */
    public Traffic withConnections(Connections newConnections) {
        return new Traffic(scale, users, kMix, seed, requestTimeout, phases, newConnections, injectors);
    }

    /** The same traffic with other phases. */
    public Traffic withPhases(List<Phase> newPhases) {
        return new Traffic(scale, users, kMix, seed, requestTimeout, newPhases, connections, injectors);
    }

    /** The same traffic shared by another number of injectors. */
    public Traffic withInjectors(int count) {
        return new Traffic(scale, users, kMix, seed, requestTimeout, phases, connections, count);
    }

    /** @return the sum of all phase durations (when each phase runs: {@link PlanSchedule}) */
    public Duration totalDuration() {
        return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    public Optional<Phase> phase(String phaseName) {
        return phases.stream().filter(p -> p.name().equals(phaseName)).findFirst();
    }

    /**
     * How user ids are drawn.
     *
     * @param distribution the shape of the draw
     * @param count        how many distinct users, >= 1; ids are 1..count
     * @param exponent     Zipf exponent (ignored for uniform), > 0
     */
    public record Users(Distribution distribution, long count, double exponent) {
        public enum Distribution { ZIPF, UNIFORM }
    }

    /**
     * How the arrivals (one request each) hold their TCP connections. A Service balances connections, not
     * requests, so this decides which pods see the traffic and which shutdown faults the load can witness. In both
     * modes a request is sent once: one cut by a closing connection counts as failed, never silently re-sent.
     */
    public enum Connections {
        /**
         * Every arrival reuses one keep-alive pool, as a calling service's HTTP client does (a model's callers are
         * backends): connections stay on the pods that were ready when they opened, and a pod that dies or closes
         * them abruptly cuts the requests they carry.
         */
        SHARED("shared"),
        /**
         * Every arrival opens its own connection, as many distinct clients do: the Service spreads them over the
         * pods ready at that moment, so new pods get their share at once; a pod out of the Endpoints gets none.
         */
        PER_USER("perUser");

        private final String planName;

        Connections(String planName) {
            this.planName = planName;
        }

        /** @return the value as a plan writes it: {@code shared} or {@code perUser} */
        public String planName() {
            return planName;
        }

        /** @return the mode a plan names so, or empty for any other text */
        public static Optional<Connections> ofPlanName(String text) {
            return Arrays.stream(values()).filter(c -> c.planName.equals(text)).findFirst();
        }
    }

    /** One entry of the k mix: ask for {@code k} recommendations with relative weight {@code weight}. */
    public record KWeight(int k, double weight) {
    }
}
