package dev.saleday.localkube.controller;

/**
 * One control loop of localkube, written as Kubernetes writes its own: informers feed it, and each reconcile reads
 * desired and actual state from caches, takes one step through the API server, and returns. Controllers never call
 * each other; they meet only through the API server.
 */
public interface Controller extends AutoCloseable {

    /** A short name for logs, e.g. {@code "deployment"}. */
    String name();

    /** Starts the informers and the work loop. Returns once the caches have synced. */
    void start(ControllerContext context);

    /** Stops the loop and releases what it holds (processes, sockets). Idempotent. */
    @Override
    void close();
}
