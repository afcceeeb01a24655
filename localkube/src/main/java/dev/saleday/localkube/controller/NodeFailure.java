package dev.saleday.localkube.controller;

import io.fabric8.kubernetes.api.model.Node;

/**
 * A node that has failed, as a machine stops: its kubelet stops renewing the node's Lease and its pods' processes
 * die. Marked by the annotation {@value #ANNOTATION} {@code = "true"} on the Node (what the {@code node-fail} chaos
 * action writes; removing it brings the node back, as a reboot does). Only localkube reads it.
 */
public final class NodeFailure {

    public static final String ANNOTATION = "localkube.saleday.dev/failed";

    private NodeFailure() {
    }

    public static boolean failed(Node node) {
        return node != null && node.getMetadata().getAnnotations() != null
                && "true".equals(node.getMetadata().getAnnotations().get(ANNOTATION));
    }
}
