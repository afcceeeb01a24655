package dev.saleday.chaos;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Retries a chaos step's calls while the API server cannot serve them (connection failures, 429 Too Many Requests,
 * 5xx): during a control-plane outage a fault or an undo waits for the API instead of failing. Exponential back-off
 * from {@link #FIRST_PAUSE} doubling up to {@link #LONGEST_PAUSE} (client-go's {@code wait.Backoff} shape, as
 * fabric8's own request retry: 100 ms doubling), within {@link #BUDGET}; any other error (404, 409, 422, a refused
 * action) is not the API's availability and is thrown at once.
 */
final class ApiRetry {

    static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    /** Longer than any outage a plan is expected to hold; after it the error stands. */
    static final Duration BUDGET = Duration.ofSeconds(120);

    private ApiRetry() {
    }

    /**
     * @param onRetry told each failure that will be retried (for the console and the timeline)
     */
    static <T> T call(Supplier<T> work, Duration budget, Consumer<RuntimeException> onRetry) {
        long deadline = System.nanoTime() + budget.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!unavailable(e) || System.nanoTime() + pause.toNanos() - deadline > 0) {
                    throw e;
                }
                onRetry.accept(e);
                Sleeper.pause(pause);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** @return whether the error says the API server could not serve (as opposed to refusing the request) */
    static boolean unavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                int code = k.getCode();
                return code == 0 || code == 429 || code >= 500;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
