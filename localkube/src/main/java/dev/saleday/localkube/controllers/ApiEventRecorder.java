package dev.saleday.localkube.controllers;

import dev.saleday.localkube.controller.EventRecorder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes core/v1 Events through the API, off the caller's thread, as client-go's recorder does: a repeat of the same
 * (object, type, reason, message) bumps {@code count} and {@code lastTimestamp} of the existing Event. Best effort:
 * when the API is gone or the queue is full, the event is dropped.
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {

    private static final int QUEUE_EVENTS = 10_000;
    private static final int REMEMBERED = 4_096;

    private final KubernetesClient client;
    private final Clock clock;
    private final String component;
    private final ThreadPoolExecutor writer;
    private final Map<String, String> names = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    public ApiEventRecorder(KubernetesClient client, Clock clock, String component) {
        this.client = client;
        this.clock = clock;
        this.component = component;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_EVENTS),
                r -> {
                    Thread t = new Thread(r, "localkube-events");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }

    @Override
    public void record(HasMetadata involved, String type, String reason, String message) {
        if (involved == null || involved.getMetadata() == null) {
            return;
        }
        String namespace = involved.getMetadata().getNamespace() == null ? "default" : involved.getMetadata().getNamespace();
        String kind = involved.getKind();
        String apiVersion = involved.getApiVersion();
        String name = involved.getMetadata().getName();
        String uid = involved.getMetadata().getUid();
        String resourceVersion = involved.getMetadata().getResourceVersion();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        writer.execute(() -> write(namespace, kind, apiVersion, name, uid, resourceVersion, type, reason, message, now));
    }

    private void write(String namespace, String kind, String apiVersion, String name, String uid, String resourceVersion,
                       String type, String reason, String message, String now) {
        String key = namespace + "|" + uid + "|" + type + "|" + reason + "|" + message;
        try {
            String existing;
            synchronized (names) {
                existing = names.get(key);
            }
            if (existing != null) {
                Event event = client.v1().events().inNamespace(namespace).withName(existing).get();
                if (event != null) {
                    client.v1().events().inNamespace(namespace).resource(new EventBuilder(event)
                            .withCount(event.getCount() == null ? 2 : event.getCount() + 1).withLastTimestamp(now)
                            .build()).update();
                    return;
                }
            }
            Event created = client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withGenerateName(name + ".").withNamespace(namespace).endMetadata()
                    .withNewInvolvedObject().withKind(kind).withApiVersion(apiVersion).withNamespace(namespace)
                    .withName(name).withUid(uid).withResourceVersion(resourceVersion).endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(component).endSource()
                    .withReportingComponent(component).withReportingInstance("localkube")
                    .build()).create();
            synchronized (names) {
                names.put(key, created.getMetadata().getName());
            }
        } catch (RuntimeException e) {
            // events are best effort
        }
    }

    /** Waits (bounded) for queued events to be written. */
    public void flush(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((writer.getQueue().size() > 0 || writer.getActiveCount() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
