package dev.saleday.reports.analysis;

import dev.saleday.records.TimelineEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cluster's state over time and the faults as they happened, from timeline.jsonl. */
final class ClusterHistory {

    private ClusterHistory() {
    }

    /**
     * @param deployment the target deployment (also the HPA's usual name); null accepts any
     * @return a step function of replicas: one sample per hpa or deployment change, earlier values carried on
     */
    static List<ReplicaSample> replicas(List<TimelineEvent> timeline, String deployment) {
        List<ReplicaSample> samples = new ArrayList<>();
        Integer desired = null;
        Integer replicas = null;
        Integer ready = null;
        Integer updated = null;
        Integer available = null;
        for (TimelineEvent event : timeline) {
            if (event.kind().equals("hpa")) {
                desired = event.integer("desiredReplicas");
            } else if (event.kind().equals("deployment")
                    && (deployment == null || deployment.equals(event.text("name")))) {
                replicas = event.integer("replicas");
                ready = event.integer("ready");
                updated = event.integer("updated");
                available = event.integer("available");
            } else {
                continue;
            }
            samples.add(new ReplicaSample(event.tMs(), desired, replicas, ready, updated, available));
        }
        return samples;
    }

    /** @return each fault named by chaos events, in order of its first event */
    static List<FaultEvents> faults(List<TimelineEvent> timeline) {
        Map<String, List<TimelineEvent>> byFault = new LinkedHashMap<>();
        for (TimelineEvent event : timeline) {
            if (event.kind().equals("chaos") && event.text("fault") != null) {
                byFault.computeIfAbsent(event.text("fault"), k -> new ArrayList<>()).add(event);
            }
        }
        List<FaultEvents> faults = new ArrayList<>();
        byFault.forEach((name, events) -> {
            Long started = null;
            Long applied = null;
            Long undone = null;
            List<String> targets = new ArrayList<>();
            String action = null;
            for (TimelineEvent event : events) {
                String what = event.event();
                if (action == null) {
                    action = event.text("action");
                }
                if ("start".equals(what) && started == null) {
                    started = event.tMs();
                } else if ("applied".equals(what) && applied == null) {
                    applied = event.tMs();
                    targets.addAll(event.texts("targets"));
                } else if ("undone".equals(what)) {
                    undone = event.tMs();
                }
            }
            TimelineEvent last = events.get(events.size() - 1);
            faults.add(new FaultEvents(name, action, started, applied, undone, last.event(), targets,
                    last.text("message")));
        });
        return faults;
    }
}
