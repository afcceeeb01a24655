package dev.saleday.localkube.controllers;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A deduplicating queue of object keys ({@code namespace/name}) with one worker, as client-go's workqueue: a key
 * queued many times while waiting is reconciled once, and a key is never reconciled by two threads at once.
 */
final class WorkQueue implements AutoCloseable {

    private final LinkedHashSet<String> pending = new LinkedHashSet<>();
    private final ScheduledExecutorService timer;
    private final Thread worker;
    private volatile boolean closed;

    WorkQueue(String name, Consumer<String> reconcile) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "localkube-" + name + "-timer");
            t.setDaemon(true);
            return t;
        });
        this.worker = new Thread(() -> loop(reconcile), "localkube-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    void add(String key) {
        synchronized (pending) {
            if (!closed && pending.add(key)) {
                pending.notifyAll();
            }
        }
    }

    void addAfter(String key, Duration delay) {
        if (!closed) {
            timer.schedule(() -> add(key), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void loop(Consumer<String> reconcile) {
        while (!closed) {
            String key;
            synchronized (pending) {
                while (pending.isEmpty() && !closed) {
                    try {
                        pending.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                key = pending.iterator().next();
                pending.remove(key);
            }
            reconcile.accept(key);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (pending) {
            pending.notifyAll();
        }
        timer.shutdownNow();
        worker.interrupt();
    }
}
