package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Optional;

/**
 * A control-plane outage of the embedded cluster (the {@code api-outage} chaos action): until it ends, every API
 * request is answered with the outage's status, as an API server that is down behind its load balancer (503, no
 * Retry-After) or one whose API Priority and Fairness sheds load (429 with {@code Retry-After: 1},
 * {@code staging/src/k8s.io/apiserver/pkg/server/filters/priority-and-fairness.go}, {@code tooManyRequests}). Open
 * watches are closed when it starts, as when an API server goes down; clients resume them afterwards from their last
 * resourceVersion, or relist after 410 Gone when the change history no longer reaches back that far. It ends by
 * itself after its duration, or earlier on {@link #end()}. Controlled through {@value #PATH}, which is served during
 * the outage: {@code POST ?durationMillis=N&mode=unavailable|throttled} starts one, {@code DELETE} ends it,
 * {@code GET} says whether one is on.
 */
public final class ApiOutage {

    public static final String PATH = "/localkube/v1/outage";

    /** One outage: its answer and when it ends by itself. */
    public record State(int httpStatus, String mode, long endsAtNanos) {
    }

    private volatile State state;

    /** Starts an outage (replacing one under way). */
    public void start(Duration duration, String mode) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("an outage needs a duration > 0, got " + duration);
        }
        int status = switch (mode) {
            case "unavailable" -> 503;
            case "throttled" -> 429;
            default -> throw new IllegalArgumentException("mode must be unavailable or throttled, got '" + mode + "'");
        };
        state = new State(status, mode, System.nanoTime() + duration.toNanos());
    }

    /** Ends the outage under way, if any. Idempotent. */
    public void end() {
        state = null;
    }

    /** @return the outage under way (one past its end is over) */
    public Optional<State> current() {
        State s = state;
        if (s != null && System.nanoTime() - s.endsAtNanos() >= 0) {
            state = null;
            return Optional.empty();
        }
        return Optional.ofNullable(s);
    }

    /** The body an API request gets during the outage. */
    static ObjectNode refusal(State state) {
        return state.httpStatus() == 429
                ? Status.failure(429, "TooManyRequests", "Too many requests, please try again later.")
                : Status.failure(503, "ServiceUnavailable", "the server is currently unable to handle the request");
    }
}
