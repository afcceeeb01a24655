package dev.saleday.chaos;

/** An undo that did not restore what it should have; the message says what is left. */
public class UndoException extends RuntimeException {
    public UndoException(String message) {
        super(message);
    }

    public UndoException(String message, Throwable cause) {
        super(message, cause);
    }
}
