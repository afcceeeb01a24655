package dev.saleday.reports.checks;

import dev.saleday.records.TimelineEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods the scheduler could not place, read from the timeline: a pod line {@code created} without a later
 * {@code scheduled} or {@code deleted}, and the scheduler's reason from its last {@code FailedScheduling} event (the
 * recorder writes both). What a failed or late scale-up check names: on a sale day, the classic cause is a cluster
 * that has no room for the pods the HPA asks for.
 */
final class PendingPods {

    /** The pods waiting for a node at one moment, and the scheduler's last word on the first of them. */
    record Waiting(List<String> pods, String reason) {

        boolean none() {
            return pods.isEmpty();
        }

        /** {@code 2 pods Pending (web-1, web-2): FailedScheduling "0/2 nodes are available: ..."} */
        String describe() {
            String names = pods.size() <= 5 ? String.join(", ", pods)
                    : String.join(", ", pods.subList(0, 5)) + ", ... " + (pods.size() - 5) + " more";
            return pods.size() + (pods.size() == 1 ? " pod" : " pods") + " Pending (" + names + ")"
                    + (reason == null ? "" : ": FailedScheduling \"" + reason + "\"");
        }
    }

    private PendingPods() {
    }

    /** @return the pods created at or before {@code atMs} that were neither scheduled nor deleted by then */
    static Waiting at(List<TimelineEvent> timeline, long atMs) {
        Map<String, Boolean> pending = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (TimelineEvent line : timeline) {
            if (line.tMs() > atMs) {
                break;
            }
            if ("pod".equals(line.kind()) && line.text("pod") != null) {
                String pod = line.text("pod");
                switch (String.valueOf(line.event())) {
                    case "created" -> pending.put(pod, line.text("node") == null);
                    case "scheduled", "deleted" -> pending.remove(pod);
                    default -> { }
                }
            } else if ("event".equals(line.kind()) && "FailedScheduling".equals(line.text("reason"))) {
                String object = line.text("object");
                if (object != null && object.startsWith("Pod/")) {
                    reasons.put(object.substring(4), line.text("message"));
                }
            }
        }
        List<String> pods = new ArrayList<>();
        pending.forEach((pod, waiting) -> {
            if (waiting) {
                pods.add(pod);
            }
        });
        String reason = pods.stream().map(reasons::get).filter(r -> r != null).findFirst().orElse(null);
        return new Waiting(pods, reason);
    }

    /** @return the last timeline moment, or {@code fallbackMs} when there is none */
    static long lastMs(List<TimelineEvent> timeline, long fallbackMs) {
        return timeline.isEmpty() ? fallbackMs : Math.max(fallbackMs, timeline.get(timeline.size() - 1).tMs());
    }
}
