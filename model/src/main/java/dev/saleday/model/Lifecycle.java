package dev.saleday.model;

/** Where the pod is in its life; readiness is 200 only in {@link State#READY}. */
final class Lifecycle {
    enum State { LOADING, READY, DRAINING }

    private volatile State state = State.LOADING;

    State state() {
        return state;
    }

    boolean ready() {
        return state == State.READY;
    }

    boolean draining() {
        return state == State.DRAINING;
    }

    /** LOADING -> READY; a pod told to drain while loading stays DRAINING. */
    synchronized void markLoaded() {
        if (state == State.LOADING) {
            state = State.READY;
        }
    }

    synchronized void startDraining() {
        state = State.DRAINING;
    }
}
