package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** meta/v1 Status objects: what the API server answers instead of an object. */
public final class Status {

    private Status() {
    }

    public static ObjectNode failure(int code, String reason, String message) {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return status;
    }

    public static ObjectNode success(String kind, String name) {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", name);
        details.put("kind", kind);
        return status;
    }
}
