package dev.saleday.chaos;

/** A safety rail refused the run (or one action) before any call reached the cluster. */
public class ChaosRefusedException extends RuntimeException {
    public ChaosRefusedException(String message) {
        super(message);
    }
}
