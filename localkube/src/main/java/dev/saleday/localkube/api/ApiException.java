package dev.saleday.localkube.api;

/** A request the API server refuses, carried to the HTTP layer as a {@code Status} object with this code. */
public final class ApiException extends RuntimeException {

    private final int code;
    private final String reason;

    public ApiException(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason;
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
