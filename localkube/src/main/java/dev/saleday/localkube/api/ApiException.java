package dev.saleday.localkube.api;

/** A request the API server refuses, carried to the HTTP layer as a {@code Status} object with this code. */
public final class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final com.fasterxml.jackson.databind.node.ObjectNode details;

    public ApiException(int code, String reason, String message) {
        this(code, reason, message, null);
    }

    /** @param details the Status's {@code details} (e.g. {@code causes}), or null */
    public ApiException(int code, String reason, String message,
                        com.fasterxml.jackson.databind.node.ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    /** The Status object the API server answers with. */
    public com.fasterxml.jackson.databind.node.ObjectNode status() {
        com.fasterxml.jackson.databind.node.ObjectNode status = Status.failure(code, reason, getMessage());
        if (details != null) {
            status.set("details", details.deepCopy());
        }
        return status;
    }

    public int code() {
        return code;
    }

    /** Kubernetes' StatusReason, e.g. {@code NotFound}, {@code AlreadyExists}, {@code Conflict}. */
    public String reason() {
        return reason;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "NotFound", what + " not found");
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message);
    }
}
