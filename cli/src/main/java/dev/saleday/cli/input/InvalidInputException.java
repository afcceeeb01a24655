package dev.saleday.cli.input;

/** Input saleday cannot use (a plan, an option, a run directory): reported as one message, exit code 2. */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
