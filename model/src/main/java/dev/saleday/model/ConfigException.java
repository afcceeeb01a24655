package dev.saleday.model;

/** A setting in the environment breaks its rule; the process exits 2 with {@link #getMessage()}. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
