package dev.saleday.chaos;

import dev.saleday.plan.Condition;
import dev.saleday.recorder.Recorder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

import java.time.Duration;

/** The values conditions compare: the target Deployment and its HPA from the recorder's caches, and the prober. */
final class ObservedState {

    private final Recorder recorder;
    private final String deployment;
    private final ProbeWindow probe;
    private final Duration probeWindow;

    ObservedState(Recorder recorder, String deployment, ProbeWindow probe, Duration probeWindow) {
        this.recorder = recorder;
        this.deployment = deployment;
        this.probe = probe;
        this.probeWindow = probeWindow;
    }

    /** @return the metric's current value, or NaN when unknown (then no condition over it holds) */
    double value(Condition.Metric metric) {
        return switch (metric) {
            case REPLICAS, READY_REPLICAS, AVAILABLE_REPLICAS, UPDATED_REPLICAS -> deploymentValue(metric);
            case HPA_DESIRED_REPLICAS, HPA_CURRENT_REPLICAS, HPA_CPU_UTILIZATION_PERCENT -> hpaValue(metric);
            case PROBE_ERROR_RATE -> probe.errorRate(probeWindow);
            case PROBE_P99_MILLIS -> probe.p99Millis(probeWindow);
        };
    }

    boolean holds(Condition condition) {
        double observed = value(condition.metric());
        return !Double.isNaN(observed) && condition.holds(observed);
    }

    private double deploymentValue(Condition.Metric metric) {
        Deployment d = deployment == null ? null : recorder.deployment(deployment);
        if (d == null) {
            return Double.NaN;
        }
        var status = d.getStatus();
        Integer value = switch (metric) {
            case REPLICAS -> status == null ? null : status.getReplicas();
            case READY_REPLICAS -> status == null ? null : status.getReadyReplicas();
            case AVAILABLE_REPLICAS -> status == null ? null : status.getAvailableReplicas();
            default -> status == null ? null : status.getUpdatedReplicas();
        };
        return value == null ? 0 : value; // Kubernetes omits zero counts
    }

    private double hpaValue(Condition.Metric metric) {
        HorizontalPodAutoscaler h = deployment == null ? null : recorder.hpa(deployment);
        if (h == null || h.getStatus() == null) {
            return Double.NaN;
        }
        Integer value = switch (metric) {
            case HPA_DESIRED_REPLICAS -> h.getStatus().getDesiredReplicas();
            case HPA_CURRENT_REPLICAS -> h.getStatus().getCurrentReplicas();
            default -> Recorder.cpuPercent(h);
        };
        return value == null ? Double.NaN : value;
    }
}
