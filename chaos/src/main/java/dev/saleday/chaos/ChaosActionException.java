package dev.saleday.chaos;

/** An action that could not be prepared or applied; the message names the object and what was wrong. */
public class ChaosActionException extends RuntimeException {
    public ChaosActionException(String message) {
        super(message);
    }
}
