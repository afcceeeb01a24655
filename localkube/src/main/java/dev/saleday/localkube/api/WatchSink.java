package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a watch's events go (a WebSocket or a chunked HTTP response). Called under the store's lock: no blocking. */
public interface WatchSink {

    /** @param type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR */
    void send(String type, JsonNode object);

    /** The server ends the watch (410 Gone sent, timeout, shutdown). */
    void end();
}
