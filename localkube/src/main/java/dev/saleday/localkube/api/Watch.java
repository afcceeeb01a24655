package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.plan.LabelSelector;

/** One open watch: what it selects and where its events go. */
final class Watch {

    private final ResourceType type;
    private final String namespace;
    private final LabelSelector labels;
    private final FieldSelector fields;
    private final WatchSink sink;

    Watch(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, WatchSink sink) {
        this.type = type;
        this.namespace = namespace;
        this.labels = labels;
        this.fields = fields;
        this.sink = sink;
    }

    WatchSink sink() {
        return sink;
    }

    boolean selects(ObjectNode object) {
        return object != null && (namespace == null || namespace.equals(Json.namespace(object)))
                && LabelSelectors.matches(labels, object) && fields.matches(object);
    }

    void deliver(WatchEvent event) {
        if (!event.type().plural().equals(type.plural()) || !event.type().group().equals(type.group())) {
            return;
        }
        boolean now = selects(event.object());
        if (event.kind().equals("MODIFIED")) {
            boolean before = selects(event.previous());
            if (before && now) {
                sink.send("MODIFIED", event.object());
            } else if (now) {
                sink.send("ADDED", event.object());
            } else if (before) {
                sink.send("DELETED", event.object());
            }
        } else if (now) {
            sink.send(event.kind(), event.object());
        }
    }
}
