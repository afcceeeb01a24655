package dev.saleday.model;

/** A request the client must fix; answered 400 (or the given status) with {@link #getMessage()} as the error. */
final class BadRequestException extends Exception {
    private final int status;

    BadRequestException(String message) {
        this(400, message);
    }

    BadRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
