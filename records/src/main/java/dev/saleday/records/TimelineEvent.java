package dev.saleday.records;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of timeline.jsonl ({@link TimelineFile}): a cluster state change, a chaos action, or a phase marker.
 *
 * @param tMs    epoch ms
 * @param kind   {@code phase}, {@code pod}, {@code deployment}, {@code replicaset}, {@code hpa}, {@code endpoints},
 *               {@code node}, {@code event}, {@code chaos}
 * @param fields every field of the line except {@code t} and {@code kind}, as JSON gives them (String, Integer,
 *               Long, Double, Boolean, List, Map)
 */
public record TimelineEvent(long tMs, String kind, Map<String, Object> fields) {

    /** The kind of a chaos action's lines. */
    public static final String CHAOS = "chaos";
    /** The kind of a phase marker's lines. */
    public static final String PHASE = "phase";

    /**
     * A chaos action's line, typed.
     *
     * @param fault   the fault's name (null on the abort line)
     * @param action  the action's kind ({@code pod-kill}, ... or {@code abort})
     * @param event   {@code start}, {@code applied}, {@code failed}, {@code skipped}, {@code dry-run}, {@code undo},
     *                {@code undone}, {@code undo-failed}, {@code abort}
     * @param targets the objects it touched, {@code Kind/name}
     * @param message what happened, or null
     */
    public record ChaosAction(String fault, String action, String event, List<String> targets, String message) {
        public ChaosAction {
            targets = List.copyOf(targets);
        }

        /**
         * @return whether this is the last line a firing writes when nothing is applied: a dry run's print, a
         *         guard's refusal, or a failure
         */
        public boolean endsADryRunFiring() {
            return event.equals("dry-run") || event.equals("skipped") || event.equals("failed");
        }
    }

    public TimelineEvent {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** @return this line as a chaos action, or empty when it is of another kind */
    public Optional<ChaosAction> chaos() {
        if (!CHAOS.equals(kind)) {
            return Optional.empty();
        }
        String event = event();
        return Optional.of(new ChaosAction(text("fault"), text("action"), event == null ? "" : event,
                texts("targets"), text("message")));
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
