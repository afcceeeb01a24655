package dev.saleday.recorder;

import dev.saleday.records.TimelineWriter;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The cluster recorder: fabric8 informers on pods, deployments, replicasets, HPAs, endpoints and events in the
 * namespace, and on nodes, turned into timeline lines (docs/TIMELINE.md). Handlers only compare with the last state
 * they saw and queue a line, so they never hold an informer thread. Also the observed state that chaos conditions
 * and the run's progress line read ({@link #deployment}, {@link #hpa}). Chaos's sibling in a run: the orchestrator
 * starts it beside chaos, on the same timeline, and stops it after chaos has undone its faults.
 */
public final class Recorder implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final TimelineWriter timeline;
    private final long startedAtMillis = System.currentTimeMillis();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Map<String, PodView> pods = new ConcurrentHashMap<>();
    private final Map<String, List<Object>> lastFields = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Deployment> deployments;
    private volatile SharedIndexInformer<HorizontalPodAutoscaler> hpas;
    private volatile WatchGaps gaps;

    /**
     * How soon a lost watch is tried again; fabric8 doubles the pause after each failed try, up to 32 times this.
     * Its default (1 s, so up to 32 s) brought the watches back up to 11 s after a 20 s outage had ended, a span the
     * timeline called a gap though the API server was serving again; from 50 ms a watch is back at most 1.6 s after
     * the API server, as a user of {@code kubectl get -w} would expect, for about a dozen tries per watch in a 20 s
     * outage.
     */
    public static final int WATCH_RECONNECT_INTERVAL_MILLIS = 50;

    /** @param client the cluster; the recorder watches it through a client of its own with the same configuration */
    public Recorder(KubernetesClient client, String namespace, TimelineWriter timeline) {
        this.client = watchingClient(client);
        this.namespace = namespace;
        this.timeline = timeline;
    }

    /** A client of the given one's configuration (server, credentials) with the recorder's reconnect interval. */
    static KubernetesClient watchingClient(KubernetesClient client) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withWatchReconnectInterval(WATCH_RECONNECT_INTERVAL_MILLIS).build()).build();
    }

    /** Starts every informer (each lists, then watches); returns once they have synced. */
    public Recorder start() {
        informers.add(client.pods().inNamespace(namespace).inform(handler(this::pod, this::podDeleted), 0));
        deployments = client.apps().deployments().inNamespace(namespace).inform(handler(this::deployment, d -> { }), 0);
        informers.add(deployments);
        informers.add(client.apps().replicaSets().inNamespace(namespace).inform(handler(this::replicaSet, r -> { }), 0));
        hpas = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                .inform(handler(this::hpa, h -> { }), 0);
        informers.add(hpas);
        informers.add(client.endpoints().inNamespace(namespace).inform(handler(this::endpoints, e -> { }), 0));
        informers.add(client.v1().events().inNamespace(namespace).inform(handler(this::event, e -> { }), 0));
        List<String> names = new ArrayList<>(List.of("pods", "deployments", "replicasets",
                "horizontalpodautoscalers", "endpoints", "events"));
        try {
            informers.add(client.nodes().inform(handler(this::node, n -> { }), 0));
            names.add("nodes");
        } catch (RuntimeException e) {
            // Nodes are cluster-scoped: a namespace-only role may not list them. Record without them.
            Map<String, Object> line = timeline.line("recorder");
            line.put("message", "nodes not recorded: " + e.getMessage());
            timeline.append(line);
        }
        Map<String, java.util.function.BooleanSupplier> watching = new LinkedHashMap<>();
        for (int i = 0; i < informers.size(); i++) {
            watching.put(names.get(i), informers.get(i)::isWatching);
        }
        gaps = new WatchGaps(watching, timeline).start();
        return this;
    }

    /** @return the Deployment as the informer last saw it, or null */
    public Deployment deployment(String name) {
        return deployments == null ? null : deployments.getStore().getByKey(namespace + "/" + name);
    }

    /** @return the HPA scaling the named Deployment (or named like it), or null */
    public HorizontalPodAutoscaler hpa(String deployment) {
        if (hpas == null) {
            return null;
        }
        HorizontalPodAutoscaler named = hpas.getStore().getByKey(namespace + "/" + deployment);
        if (named != null) {
            return named;
        }
        return hpas.getStore().list().stream()
                .filter(h -> h.getSpec().getScaleTargetRef() != null
                        && deployment.equals(h.getSpec().getScaleTargetRef().getName()))
                .findFirst().orElse(null);
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Consumer<T> changed,
                                                                    java.util.function.Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            public void onAdd(T obj) {
                guarded(() -> changed.accept(obj));
            }

            public void onUpdate(T oldObj, T newObj) {
                guarded(() -> changed.accept(newObj));
            }

            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                guarded(() -> deleted.accept(obj));
            }
        };
    }

    /** A handler must not fail the informer: a bad object becomes a recorder line, not an exception. */
    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            Map<String, Object> line = timeline.line("recorder");
            line.put("message", "could not record a change: " + e);
            timeline.append(line);
        }
    }

    // ---- pods: transitions between the last seen state and this one

    record PodView(String node, boolean ready, boolean terminating, int restartCount, String image, String version,
                   Long cpuRequestMillicores) {
        static PodView of(Pod pod) {
            int restarts = 0;
            if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
                for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                    restarts += status.getRestartCount() == null ? 0 : status.getRestartCount();
                }
            }
            String image = pod.getSpec() == null || pod.getSpec().getContainers().isEmpty() ? null
                    : pod.getSpec().getContainers().get(0).getImage();
            return new PodView(KubeFields.node(pod), KubeFields.isReady(pod), KubeFields.isTerminating(pod), restarts,
                    image, version(KubeFields.labels(pod), image), cpuRequestMillicores(pod));
        }

        /** @return the pod's CPU request summed over its containers, millicores; null when none sets one */
        static Long cpuRequestMillicores(Pod pod) {
            if (pod.getSpec() == null) {
                return null;
            }
            long sum = 0;
            boolean any = false;
            for (var container : pod.getSpec().getContainers()) {
                if (container.getResources() != null && container.getResources().getRequests() != null
                        && container.getResources().getRequests().get("cpu") != null) {
                    sum += Math.round(io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                            container.getResources().getRequests().get("cpu")).doubleValue() * 1000);
                    any = true;
                }
            }
            return any ? sum : null;
        }

        static String version(Map<String, String> labels, String image) {
            if (labels.get("version") != null) {
                return labels.get("version");
            }
            if (labels.get("app.kubernetes.io/version") != null) {
                return labels.get("app.kubernetes.io/version");
            }
            if (image != null && image.lastIndexOf(':') > image.lastIndexOf('/')) {
                return image.substring(image.lastIndexOf(':') + 1);
            }
            return null;
        }
    }

    private void pod(Pod pod) {
        String name = pod.getMetadata().getName();
        PodView now = PodView.of(pod);
        PodView before = pods.put(name, now);
        if (before == null) {
            podLine("created", name, now);
        }
        if (now.node() != null && (before == null || before.node() == null)) {
            podLine("scheduled", name, now);
        }
        if (before != null && now.restartCount() > before.restartCount()) {
            podLine("restarted", name, now);
        }
        boolean wasReady = before != null && before.ready();
        if (now.ready() && !wasReady) {
            podLine("ready", name, now);
        } else if (!now.ready() && wasReady) {
            podLine("not-ready", name, now);
        }
        if (now.terminating() && (before == null || !before.terminating())) {
            podLine("terminating", name, now);
        }
    }

    private void podDeleted(Pod pod) {
        String name = pod.getMetadata().getName();
        PodView last = pods.remove(name);
        podLine("deleted", name, last != null ? last : PodView.of(pod));
    }

    private void podLine(String event, String name, PodView view) {
        Map<String, Object> line = timeline.line("pod");
        line.put("event", event);
        line.put("pod", name);
        line.put("node", view.node());
        line.put("image", view.image());
        line.put("version", view.version());
        line.put("restartCount", view.restartCount());
        line.put("cpuRequestMillicores", view.cpuRequestMillicores());
        timeline.append(line);
    }

    // ---- objects recorded when their recorded fields change

    private void changed(String kind, String name, Map<String, Object> fields) {
        List<Object> values = new ArrayList<>(fields.values());
        List<Object> before = lastFields.put(kind + "/" + name, values);
        if (Objects.equals(before, values)) {
            return;
        }
        Map<String, Object> line = timeline.line(kind);
        line.put("name", name);
        line.putAll(fields);
        timeline.append(line);
    }

    private void deployment(Deployment d) {
        Map<String, Object> f = new LinkedHashMap<>();
        var status = d.getStatus();
        f.put("replicas", d.getSpec().getReplicas());
        f.put("updated", status == null ? null : zero(status.getUpdatedReplicas()));
        f.put("ready", status == null ? null : zero(status.getReadyReplicas()));
        f.put("available", status == null ? null : zero(status.getAvailableReplicas()));
        f.put("generation", d.getMetadata().getGeneration());
        f.put("observedGeneration", status == null ? null : status.getObservedGeneration());
        // the Progressing condition's reason (ProgressDeadlineExceeded when a rollout stalled past its deadline)
        f.put("progressing", status == null || status.getConditions() == null ? null
                : status.getConditions().stream().filter(c -> "Progressing".equals(c.getType()))
                .map(c -> c.getReason()).findFirst().orElse(null));
        changed("deployment", d.getMetadata().getName(), f);
    }

    private void replicaSet(ReplicaSet rs) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("revision", rs.getMetadata().getAnnotations() == null ? null
                : rs.getMetadata().getAnnotations().get(KubeFields.REVISION_ANNOTATION));
        f.put("replicas", rs.getStatus() == null ? 0 : zero(rs.getStatus().getReplicas()));
        f.put("ready", rs.getStatus() == null ? 0 : zero(rs.getStatus().getReadyReplicas()));
        f.put("desired", rs.getSpec().getReplicas());
        changed("replicaset", rs.getMetadata().getName(), f);
    }

    private void hpa(HorizontalPodAutoscaler h) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("currentCpuPercent", cpuPercent(h));
        f.put("currentReplicas", h.getStatus() == null ? null : h.getStatus().getCurrentReplicas());
        f.put("desiredReplicas", h.getStatus() == null ? null : h.getStatus().getDesiredReplicas());
        f.put("minReplicas", h.getSpec().getMinReplicas());
        f.put("maxReplicas", h.getSpec().getMaxReplicas());
        f.put("targetCpuPercent", targetCpuPercent(h));
        changed("hpa", h.getMetadata().getName(), f);
    }

    /** @return the HPA's target average CPU utilisation, percent of the request, or null when it has none */
    static Integer targetCpuPercent(HorizontalPodAutoscaler h) {
        if (h.getSpec().getMetrics() == null) {
            return null;
        }
        for (var metric : h.getSpec().getMetrics()) {
            if (metric.getResource() != null && "cpu".equals(metric.getResource().getName())
                    && metric.getResource().getTarget() != null) {
                return metric.getResource().getTarget().getAverageUtilization();
            }
        }
        return null;
    }

    /** @return the HPA's current average CPU utilisation, percent of the request, or null when it has none */
    public static Integer cpuPercent(HorizontalPodAutoscaler h) {
        if (h.getStatus() == null || h.getStatus().getCurrentMetrics() == null) {
            return null;
        }
        for (MetricStatus metric : h.getStatus().getCurrentMetrics()) {
            if (metric.getResource() != null && "cpu".equals(metric.getResource().getName())
                    && metric.getResource().getCurrent() != null) {
                return metric.getResource().getCurrent().getAverageUtilization();
            }
        }
        return null;
    }

    private void endpoints(Endpoints e) {
        int ready = 0;
        int notReady = 0;
        if (e.getSubsets() != null) {
            for (EndpointSubset subset : e.getSubsets()) {
                ready += subset.getAddresses() == null ? 0 : subset.getAddresses().size();
                notReady += subset.getNotReadyAddresses() == null ? 0 : subset.getNotReadyAddresses().size();
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("ready", ready);
        f.put("notReady", notReady);
        changed("endpoints", e.getMetadata().getName(), f);
    }

    private void node(Node n) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("unschedulable", Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
        f.put("ready", n.getStatus() == null || n.getStatus().getConditions() == null ? null
                : n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        changed("node", n.getMetadata().getName(), f);
    }

    private void event(Event e) {
        Long at = eventTimeMillis(e);
        if (at != null && at < startedAtMillis - 60_000) {
            return; // history from before the run
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", e.getType());
        f.put("reason", e.getReason());
        f.put("object", e.getInvolvedObject() == null ? null
                : e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName());
        f.put("message", e.getMessage());
        f.put("count", e.getCount());
        f.put("eventTimeMs", at);
        List<Object> values = new ArrayList<>(f.values());
        if (Objects.equals(lastFields.put("event/" + e.getMetadata().getName(), values), values)) {
            return;
        }
        Map<String, Object> line = timeline.line("event");
        line.putAll(f);
        timeline.append(line);
    }

    private static Long eventTimeMillis(Event e) {
        Function<String, Long> parse = text -> {
            try {
                return text == null ? null : Instant.parse(text).toEpochMilli();
            } catch (RuntimeException ex) {
                return null;
            }
        };
        Long last = parse.apply(e.getLastTimestamp());
        if (last != null) {
            return last;
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return parse.apply(e.getEventTime().getTime());
        }
        return parse.apply(e.getFirstTimestamp());
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }

    /** Stops every informer. The timeline is the caller's to close. */
    @Override
    public void close() {
        if (gaps != null) {
            gaps.close();
        }
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        client.close();
    }
}
