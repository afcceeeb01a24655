package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change in the store, kept in a bounded history so a watch can resume from a resourceVersion.
 *
 * @param previous the object before a MODIFIED change (null otherwise): a selector watch turns a change that
 *                 leaves its selection into DELETED and one that enters it into ADDED, as Kubernetes does
 */
record WatchEvent(ResourceType type, String kind, ObjectNode object, ObjectNode previous, long resourceVersion) {
}
