package dev.saleday.plan;

import java.time.Duration;

/**
 * One fault of the chaos section: what to do, and when.
 *
 * @param name        unique within the plan; SLOs name faults by it
 * @param trigger     when it fires
 * @param action      what it does (each action has an undo)
 * @param revertAfter undo this long after it took effect; null means at the end of the run
 */
public record Fault(String name, Trigger trigger, Action action, Duration revertAfter) {
}
