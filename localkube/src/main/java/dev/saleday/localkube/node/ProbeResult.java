package dev.saleday.localkube.node;

/** The outcome of one probe or hook action; {@code message} says why it failed, as the kubelet's events do. */
record ProbeResult(boolean success, String message) {
    static ProbeResult ok() {
        return new ProbeResult(true, "");
    }

    static ProbeResult failed(String message) {
        return new ProbeResult(false, message);
    }
}
