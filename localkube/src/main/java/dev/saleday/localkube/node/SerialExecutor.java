package dev.saleday.localkube.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Runs tasks one at a time, in submission order, on a shared pool: one pod's state is only touched by its own queue. */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // the kubelet is closing: a pod event that arrives now has nothing left to act on
            synchronized (tasks) {
                tasks.clear();
                running = false;
            }
            LOG.debug("pod task after shutdown dropped", e);
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RejectedExecutionException e) {
                LOG.debug("pod task after shutdown dropped", e);
            } catch (RuntimeException e) {
                LOG.warn("pod task failed", e);
            }
        }
    }
}
