package dev.saleday.reports.records;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of timeline.jsonl: a cluster state change, a chaos action, or a phase marker.
 *
 * @param tMs    epoch ms
 * @param kind   {@code phase}, {@code pod}, {@code deployment}, {@code replicaset}, {@code hpa}, {@code endpoints},
 *               {@code node}, {@code event}, {@code chaos}
 * @param fields every field of the line except {@code t} and {@code kind}, as JSON gives them (String, Integer,
 *               Long, Double, Boolean, List, Map)
 */
public record TimelineEvent(long tMs, String kind, Map<String, Object> fields) {

    public TimelineEvent {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** @return the {@code event} field ({@code start}, {@code applied}, {@code ready}, ...), or null */
    public String event() {
        return text("event");
    }

    /** @return the name of the thing: {@code name}, else {@code fault} for chaos, else {@code pod}, or null */
    public String name() {
        String name = text("name");
        if (name == null) {
            name = text("fault");
        }
        return name == null ? text("pod") : name;
    }

    public String text(String field) {
        Object value = fields.get(field);
        return value == null ? null : value.toString();
    }

    /** @return an integer field, or null when absent or not a number */
    public Integer integer(String field) {
        return fields.get(field) instanceof Number n ? n.intValue() : null;
    }

    /** @return a list-of-strings field (e.g. chaos {@code targets}), empty when absent */
    public List<String> texts(String field) {
        return fields.get(field) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** @return a one-line description for markers and tooltips, e.g. {@code chaos kill-30pc applied} */
    public String describe() {
        StringBuilder text = new StringBuilder(kind);
        String name = name();
        if (name != null) {
            text.append(' ').append(name);
        }
        String event = event();
        if (event != null) {
            text.append(' ').append(event);
        }
        String message = text("message");
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message);
        }
        return text.toString();
    }
}
