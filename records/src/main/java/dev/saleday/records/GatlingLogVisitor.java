package dev.saleday.records;

/**
 * Receives the records of a simulation.log as {@link GatlingLogReader} streams them. Strings Gatling caches (request
 * names, messages, groups) arrive once through {@link #string}, then only by index, so a visitor can classify
 * each distinct message once. Times are epoch ms (the reader adds the header's run start).
 */
public interface GatlingLogVisitor {

    /** The run record, first. */
    default void header(GatlingLogHeader header) {
    }

    /** A string entered Gatling's cache at {@code index} (>= 1). */
    default void string(int index, String value) {
    }

    /**
     * One request.
     *
     * @param nameIndex    cache index of the request name
     * @param startMs      epoch ms the request started
     * @param endMs        epoch ms it ended
     * @param ok           Gatling's status OK
     * @param messageIndex cache index of its message (the empty string for most OKs)
     */
    void request(int nameIndex, long startMs, long endMs, boolean ok, int messageIndex);

    /** A virtual user started or ended. */
    default void user(int scenarioIndex, boolean start, long tMs) {
    }

    /** A group ended. */
    default void group(long startMs, long endMs, int cumulatedResponseTimeMillis, boolean ok) {
    }

    /** An error outside a request (e.g. a crashed action). */
    default void error(int messageIndex, long tMs) {
    }
}
