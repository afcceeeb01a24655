package dev.saleday.reports.analysis;

import java.util.List;

/**
 * A fault as it happened, from the chaos events of timeline.jsonl.
 *
 * @param name        the fault's name in the plan
 * @param action      its action kind ({@code pod-kill}, {@code rollout}, ...)
 * @param startedAtMs its {@code start} event, or null
 * @param appliedAtMs its {@code applied} event (what failure windows are attributed from), or null when it never
 *                    applied
 * @param undoneAtMs  its {@code undone} event, or null
 * @param outcome     its last event: {@code applied}, {@code failed}, {@code skipped}, {@code undone}, ...
 * @param targets     the objects it touched
 * @param message     the message of its last event
 */
public record FaultEvents(String name, String action, Long startedAtMs, Long appliedAtMs, Long undoneAtMs,
                          String outcome, List<String> targets, String message) {
    public FaultEvents {
        targets = List.copyOf(targets);
    }
}
