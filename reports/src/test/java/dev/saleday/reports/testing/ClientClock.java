package dev.saleday.reports.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The load's own clock around each tagged request ({@link OpenLoadSimulation} with request ids): epoch ms read by
 * the scenario just before Gatling's request action and just after it, so Gatling's recorded start and end of that
 * request fall between them. Independent of Gatling's log and of the reader.
 */
public final class ClientClock {

    /** Before and after, epoch ms; after is -1 until the request ended. */
    public record Around(long beforeMs, long afterMs) {
    }

    private static final Map<Long, long[]> AROUND = new ConcurrentHashMap<>();

    private ClientClock() {
    }

    static void clear() {
        AROUND.clear();
    }

    static void before(long id) {
        AROUND.put(id, new long[] {System.currentTimeMillis(), -1});
    }

    static void after(long id) {
        long now = System.currentTimeMillis();
        AROUND.put(id, new long[] {AROUND.get(id)[0], now});
    }

    /** @return request id -> what the load's clock read around it */
    public static Map<Long, Around> snapshot() {
        Map<Long, Around> copy = new java.util.HashMap<>();
        AROUND.forEach((id, t) -> copy.put(id, new Around(t[0], t[1])));
        return copy;
    }
}
