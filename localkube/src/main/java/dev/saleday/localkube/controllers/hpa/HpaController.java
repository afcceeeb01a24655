package dev.saleday.localkube.controllers.hpa;

import dev.saleday.localkube.api.LabelSelectors;
import dev.saleday.localkube.controllers.Pods;
import dev.saleday.localkube.controllers.Reconciler;
import dev.saleday.plan.LabelSelector;
import dev.saleday.plan.autoscaling.Behavior;
import dev.saleday.plan.autoscaling.ScalingRules;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatusBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HorizontalPodAutoscaler (autoscaling/v2) for CPU Resource metrics (Utilization or AverageValue targets): every
 * sync period it reads the target's scale subresource, brings replicas outside [min, max] to the bound, or measures
 * the selected pods' CPU over the metrics window from {@link dev.saleday.localkube.controller.PodMetrics}, computes
 * the recommendation with {@link ReplicaCalculator}, applies the behavior ({@link Behavior}) and min/max, and writes
 * replicas through the scale subresource. Status:
 * currentReplicas, desiredReplicas, currentMetrics, lastScaleTime and the AbleToScale, ScalingActive and
 * ScalingLimited conditions; a SuccessfulRescale event for each rescale.
 */
public final class HpaController extends Reconciler {

    private final Duration syncPeriod;
    private final Duration metricsWindow;
    private final double tolerance;
    private final Map<String, Behavior> behaviors = new ConcurrentHashMap<>();
    private SharedIndexInformer<HorizontalPodAutoscaler> hpas;
    private SharedIndexInformer<Pod> pods;

    /**
     * @param syncPeriod    how often each HPA is evaluated (Kubernetes: 15 s)
     * @param metricsWindow the window CPU use is averaged over (metrics-server's resolution)
     */
    public HpaController(Duration syncPeriod, Duration metricsWindow, double tolerance) {
        if (syncPeriod.toMillis() < 100) {
            throw new IllegalArgumentException("syncPeriod must be >= 100 ms, got " + syncPeriod);
        }
        this.syncPeriod = syncPeriod;
        this.metricsWindow = metricsWindow;
        this.tolerance = tolerance;
    }

    @Override
    public String name() {
        return "horizontal-pod-autoscaler";
    }

    @Override
    protected void startInformers() {
        hpas = informer(context.client().autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace()
                .runnableInformer(0), h -> List.of());
        pods = informer(context.client().pods().inAnyNamespace().runnableInformer(0), p -> List.of());
        hpas.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(HorizontalPodAutoscaler hpa) {
                enqueue(key(hpa));
            }

            @Override
            public void onUpdate(HorizontalPodAutoscaler old, HorizontalPodAutoscaler hpa) {
                if (!java.util.Objects.equals(old.getSpec(), hpa.getSpec())) {
                    enqueue(key(hpa));
                }
            }

            @Override
            public void onDelete(HorizontalPodAutoscaler hpa, boolean unknown) {
                behaviors.remove(key(hpa));
            }
        });
    }

    @Override
    protected Optional<Duration> reconcile(String key) {
        HorizontalPodAutoscaler hpa = hpas.getStore().getByKey(key);
        if (hpa == null) {
            behaviors.remove(key);
            return Optional.empty();
        }
        evaluate(key, hpa);
        return Optional.of(syncPeriod);
    }

    private void evaluate(String key, HorizontalPodAutoscaler hpa) {
        String namespace = hpa.getMetadata().getNamespace();
        Instant now = context.clock().instant();
        String nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
        HorizontalPodAutoscalerStatus old = hpa.getStatus();
        List<HorizontalPodAutoscalerCondition> conditions = new ArrayList<>();
        var ref = hpa.getSpec().getScaleTargetRef();
        Resource<?> target = targetOf(namespace, ref.getKind(), ref.getName());
        Scale scale = target == null ? null : scaleOf(target);
        if (scale == null) {
            conditions.add(condition(old, "AbleToScale", "False", "FailedGetScale", "the HPA controller was unable to "
                    + "get the target's current scale: " + ref.getKind() + " " + ref.getName() + " not found", nowText));
            writeStatus(hpa, old == null ? 0 : value(old.getCurrentReplicas()), old == null ? 0 : value(old.getDesiredReplicas()),
                    old == null ? null : old.getCurrentMetrics(), old == null ? null : old.getLastScaleTime(), conditions);
            return;
        }
        int current = value(scale.getSpec().getReplicas());
        int minReplicas = hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
        int maxReplicas = hpa.getSpec().getMaxReplicas();
        if (current == 0 && minReplicas != 0) {
            conditions.add(condition(old, "AbleToScale", "True", "SucceededGetScale",
                    "the HPA controller was able to get the target's current scale", nowText));
            conditions.add(condition(old, "ScalingActive", "False", "ScalingDisabled",
                    "scaling is disabled since the replica count of the target is zero", nowText));
            writeStatus(hpa, 0, 0, null, old == null ? null : old.getLastScaleTime(), conditions);
            return;
        }
        if (current > maxReplicas || current < minReplicas) {
            outsideMinMax(key, hpa, target, current, minReplicas, maxReplicas, now, nowText);
            return;
        }
        int recommended = -1;
        List<MetricStatus> metrics = new ArrayList<>();
        String metricError = null;
        String selector = scale.getStatus() == null ? null : scale.getStatus().getSelector();
        List<Pod> selected = selected(namespace, selector);
        for (MetricSpec metric : hpa.getSpec().getMetrics() == null ? List.<MetricSpec>of() : hpa.getSpec().getMetrics()) {
            if (!"Resource".equals(metric.getType()) || metric.getResource() == null
                    || !"cpu".equals(metric.getResource().getName())) {
                metricError = "only Resource cpu metrics are supported by localkube, got " + metric.getType();
                continue;
            }
            try {
                var targetSpec = metric.getResource().getTarget();
                boolean utilization = "Utilization".equals(targetSpec.getType());
                double targetValue = utilization ? value(targetSpec.getAverageUtilization())
                        : targetSpec.getAverageValue().getNumericalAmount().doubleValue() * 1000.0;
                List<PodSample> samples = new ArrayList<>();
                for (Pod pod : selected) {
                    OptionalDouble usage = context.podMetrics().cpuMillicores(namespace, pod.getMetadata().getName(),
                            metricsWindow);
                    double request = utilization ? Pods.cpuRequestMillicores(pod).orElse(0.0) : targetValue;
                    samples.add(new PodSample(pod.getMetadata().getName(), settled(pod, now), usage, request));
                }
                ReplicaCalculator.Result result = ReplicaCalculator.cpuReplicas(current, samples,
                        utilization ? targetValue : 100.0, tolerance);
                recommended = Math.max(recommended, result.replicas());
                metrics.add(new MetricStatusBuilder().withType("Resource").withNewResource().withName("cpu")
                        .withNewCurrent()
                        .withAverageUtilization(utilization ? result.utilizationPercent() : null)
                        .withNewAverageValue(Math.round(result.averageUsageMillicores()) + "m")
                        .endCurrent().endResource().build());
            } catch (IllegalStateException e) {
                metricError = "failed to get cpu utilization: " + e.getMessage();
            }
        }
        conditions.add(condition(old, "AbleToScale", "True", "SucceededGetScale",
                "the HPA controller was able to get the target's current scale", nowText));
        if (recommended < 0) {
            conditions.add(condition(old, "ScalingActive", "False", "FailedGetResourceMetric",
                    metricError == null ? "no metrics to scale on" : metricError, nowText));
            writeStatus(hpa, current, current, old == null ? null : old.getCurrentMetrics(),
                    old == null ? null : old.getLastScaleTime(), conditions);
            return;
        }
        conditions.add(condition(old, "ScalingActive", "True", "ValidMetricFound", "the HPA was able to successfully "
                + "calculate a replica count from cpu resource utilization (percentage of request)", nowText));
        Behavior behavior = behaviors.computeIfAbsent(key, k -> new Behavior());
        var spec = hpa.getSpec().getBehavior();
        Behavior.Decision decision = behavior.decide(now, current, recommended, minReplicas, maxReplicas,
                rules(spec == null ? null : spec.getScaleUp(), ScalingRules.defaultScaleUp()),
                rules(spec == null ? null : spec.getScaleDown(), ScalingRules.defaultScaleDown()));
        if (decision.stabilizedReason() != null) {
            conditions.set(0, condition(old, "AbleToScale", "True", decision.stabilizedReason(),
                    decision.stabilizedReason().equals("ScaleDownStabilized")
                            ? "recent recommendations were higher than current one, applying the highest recent recommendation"
                            : "recent recommendations were lower than current one, applying the lowest recent recommendation",
                    nowText));
        }
        conditions.add(condition(old, "ScalingLimited", decision.limitReason().equals("DesiredWithinRange") ? "False"
                : "True", decision.limitReason(), decision.limitMessage(), nowText));
        String lastScaleTime = old == null ? null : old.getLastScaleTime();
        if (decision.replicas() != current) {
            setReplicas(target, decision.replicas());
            behavior.scaled(now, current, decision.replicas());
            lastScaleTime = nowText;
            conditions.set(0, condition(old, "AbleToScale", "True", "SucceededRescale",
                    "the HPA controller was able to update the target scale to " + decision.replicas(), nowText));
            context.events().record(hpa, "Normal", "SuccessfulRescale", "New size: " + decision.replicas()
                    + "; reason: cpu resource utilization (percentage of request) "
                    + (decision.replicas() > current ? "above" : "below") + " target");
        }
        writeStatus(hpa, current, decision.replicas(), metrics, lastScaleTime, conditions);
    }

    /**
     * Replicas outside [min, max] go to the bound at once, before any metric is read, as Kubernetes' reconcileAutoscaler
     * does (pkg/controller/podautoscaler/horizontal.go in kubernetes/kubernetes: "Current number of replicas below
     * Spec.MinReplicas" / "above Spec.MaxReplicas"): no metric, no stabilisation, no scaling policy stands in the way,
     * so a raised minReplicas takes effect at the next sync even while no pod has a CPU reading. The other conditions
     * stay as they were, the status has no current metrics, and the change counts for the behavior's policies.
     */
    private void outsideMinMax(String key, HorizontalPodAutoscaler hpa, Resource<?> target, int current,
                               int minReplicas, int maxReplicas, Instant now, String nowText) {
        HorizontalPodAutoscalerStatus old = hpa.getStatus();
        int desired = current > maxReplicas ? maxReplicas : minReplicas;
        String reason = current > maxReplicas ? "Current number of replicas above Spec.MaxReplicas"
                : "Current number of replicas below Spec.MinReplicas";
        setReplicas(target, desired);
        behaviors.computeIfAbsent(key, k -> new Behavior()).scaled(now, current, desired);
        context.events().record(hpa, "Normal", "SuccessfulRescale", "New size: " + desired + "; reason: " + reason);
        List<HorizontalPodAutoscalerCondition> conditions = new ArrayList<>();
        conditions.add(condition(old, "AbleToScale", "True", "SucceededRescale",
                "the HPA controller was able to update the target scale to " + desired, nowText));
        if (old != null && old.getConditions() != null) {
            old.getConditions().stream().filter(c -> !"AbleToScale".equals(c.getType())).forEach(conditions::add);
        }
        writeStatus(hpa, current, desired, null, nowText, conditions);
    }

    /** Not set aside as unready by Kubernetes' rule ({@link CpuReadiness}); the sample is taken now. */
    private boolean settled(Pod pod, Instant now) {
        String started = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        var condition = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                : pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                .orElse(null);
        if ("Pending".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
            return false; // groupPods: pending pods are unready
        }
        return !CpuReadiness.unready(started == null ? null : Instant.parse(started),
                condition == null ? null : "True".equals(condition.getStatus()),
                Pods.readySince(pod).orElse(null), now, metricsWindow, now);
    }

    private List<Pod> selected(String namespace, String selector) {
        List<Pod> selected = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return selected;
        }
        LabelSelector parsed = LabelSelectors.query(selector);
        for (Pod pod : pods.getStore().list()) {
            if (namespace.equals(pod.getMetadata().getNamespace()) && Pods.isActive(pod)
                    && parsed.matches(pod.getMetadata().getLabels())) {
                selected.add(pod);
            }
        }
        return selected;
    }

    private Resource<?> targetOf(String namespace, String kind, String name) {
        return switch (kind) {
            case "Deployment" -> context.client().apps().deployments().inNamespace(namespace).withName(name);
            case "ReplicaSet" -> context.client().apps().replicaSets().inNamespace(namespace).withName(name);
            case "StatefulSet" -> context.client().apps().statefulSets().inNamespace(namespace).withName(name);
            default -> null;
        };
    }

    private static Scale scaleOf(Resource<?> target) {
        try {
            return ((io.fabric8.kubernetes.client.dsl.Scalable<?>) target).scale();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static void setReplicas(Resource<?> target, int replicas) {
        ((io.fabric8.kubernetes.client.dsl.Scalable<?>) target).scale(replicas);
    }

    static ScalingRules rules(HPAScalingRules spec, ScalingRules defaults) {
        if (spec == null) {
            return defaults;
        }
        List<ScalingRules.Policy> policies = spec.getPolicies() == null ? null : spec.getPolicies().stream()
                .map(p -> new ScalingRules.Policy(p.getType(), p.getValue(), Duration.ofSeconds(p.getPeriodSeconds())))
                .toList();
        return ScalingRules.of(spec.getStabilizationWindowSeconds(), policies, spec.getSelectPolicy(), defaults);
    }

    private void writeStatus(HorizontalPodAutoscaler hpa, int current, int desired, List<MetricStatus> metrics,
                             String lastScaleTime, List<HorizontalPodAutoscalerCondition> conditions) {
        HorizontalPodAutoscalerStatus status = new HorizontalPodAutoscalerStatusBuilder()
                .withObservedGeneration(hpa.getMetadata().getGeneration())
                .withCurrentReplicas(current)
                .withDesiredReplicas(desired)
                .withCurrentMetrics(metrics)
                .withLastScaleTime(lastScaleTime)
                .withConditions(conditions)
                .build();
        if (status.equals(hpa.getStatus())) {
            return;
        }
        HorizontalPodAutoscaler fresh = context.client().autoscaling().v2().horizontalPodAutoscalers()
                .inNamespace(hpa.getMetadata().getNamespace()).withName(hpa.getMetadata().getName()).get();
        if (fresh == null) {
            return;
        }
        context.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(hpa.getMetadata().getNamespace())
                .resource(new HorizontalPodAutoscalerBuilder(fresh).withStatus(status).build()).updateStatus();
    }

    private static HorizontalPodAutoscalerCondition condition(HorizontalPodAutoscalerStatus old, String type,
                                                              String status, String reason, String message, String now) {
        HorizontalPodAutoscalerCondition previous = old == null || old.getConditions() == null ? null
                : old.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        String transition = previous != null && status.equals(previous.getStatus()) ? previous.getLastTransitionTime() : now;
        return new HorizontalPodAutoscalerConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).build();
    }

    private static int value(Integer i) {
        return i == null ? 0 : i;
    }
}
