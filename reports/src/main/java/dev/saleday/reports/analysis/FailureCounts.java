package dev.saleday.reports.analysis;

import java.util.EnumMap;
import java.util.Map;

/**
 * Failed requests by kind.
 *
 * @param byKind counts per kind; kinds with none are absent
 */
public record FailureCounts(Map<FailureKind, Long> byKind) {

    public static final FailureCounts NONE = new FailureCounts(Map.of());

    public FailureCounts {
        EnumMap<FailureKind, Long> copy = new EnumMap<>(FailureKind.class);
        byKind.forEach((kind, count) -> {
            if (count != null && count > 0) {
                copy.put(kind, count);
            }
        });
        byKind = java.util.Collections.unmodifiableMap(copy);
    }

    /** @param countsByOrdinal counts indexed by {@link FailureKind#ordinal()} */
    public static FailureCounts of(long[] countsByOrdinal) {
        EnumMap<FailureKind, Long> map = new EnumMap<>(FailureKind.class);
        for (FailureKind kind : FailureKind.values()) {
            map.put(kind, countsByOrdinal[kind.ordinal()]);
        }
        return new FailureCounts(map);
    }

    public long total() {
        return byKind.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(FailureKind kind) {
        return byKind.getOrDefault(kind, 0L);
    }
}
