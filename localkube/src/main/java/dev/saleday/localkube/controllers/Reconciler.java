package dev.saleday.localkube.controllers;

import dev.saleday.localkube.controller.Controller;
import dev.saleday.localkube.controller.ControllerContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The shape every localkube controller has: informers feed a work queue of keys; {@link #reconcile} reads desired
 * and actual state from the informer caches, takes one step through the API server, and says when to look again.
 * A failed step (a 409 from a stale cache, say) is retried after a short back-off.
 */
public abstract class Reconciler implements Controller {

    private static final Duration RETRY = Duration.ofMillis(500);

    protected final Logger log = LoggerFactory.getLogger(getClass());
    protected ControllerContext context;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private WorkQueue queue;

    @Override
    public final void start(ControllerContext context) {
        this.context = context;
        this.queue = new WorkQueue(name(), this::safeReconcile);
        startInformers();
        // every informer lists and watches at once; then each is awaited
        List<CompletableFuture<Void>> synced = informers.stream()
                .map(informer -> informer.start().toCompletableFuture()).toList();
        for (CompletableFuture<Void> sync : synced) {
            try {
                sync.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name() + ": informer did not sync: " + e, e);
            }
        }
        afterSync();
    }

    /** Creates the informers with {@link #informer}; they are started (and synced) by {@link #start}. */
    protected abstract void startInformers();

    /** Called once the caches are synced, e.g. to queue every existing object. */
    protected void afterSync() {
    }

    /**
     * One step for the object at {@code key}. Idempotent: called again with the same caches, it takes the same step
     * or none.
     *
     * @return when to reconcile this key again regardless of events, or empty
     */
    protected abstract Optional<Duration> reconcile(String key);

    /**
     * Registers an informer whose events map to keys to reconcile (the object's own key, or its owner's).
     */
    protected <T extends HasMetadata> SharedIndexInformer<T> informer(SharedIndexInformer<T> informer,
                                                                     Function<T, List<String>> keysOf) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                keysOf.apply(obj).forEach(queue::add);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                keysOf.apply(oldObj).forEach(queue::add);
                keysOf.apply(newObj).forEach(queue::add);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                keysOf.apply(obj).forEach(queue::add);
            }
        });
        informers.add(informer);
        return informer;
    }

    protected void enqueue(String key) {
        queue.add(key);
    }

    protected static String key(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return (namespace == null ? "" : namespace) + "/" + object.getMetadata().getName();
    }

    private void safeReconcile(String key) {
        try {
            reconcile(key).ifPresent(delay -> queue.addAfter(key, delay));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                log.debug("{} {}: {}", name(), key, e.getMessage());
            }
            queue.addAfter(key, RETRY);
        } catch (RuntimeException e) {
            if (queue != null) {
                log.warn("{} {} failed: {}", name(), key, e.toString());
                queue.addAfter(key, RETRY);
            }
        }
    }

    @Override
    public void close() {
        if (queue != null) {
            queue.close();
        }
        for (SharedIndexInformer<?> informer : informers) {
            informer.close();
        }
    }
}
