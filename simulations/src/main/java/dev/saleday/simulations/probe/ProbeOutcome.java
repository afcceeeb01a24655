package dev.saleday.simulations.probe;

import org.apache.hc.core5.http.ConnectionClosedException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** How a probe ended, as written in probe.jsonl's {@code outcome}. */
public enum ProbeOutcome {
    OK("ok"),
    /** An answer whose status is not 2xx. */
    HTTP_ERROR("http_error"),
    TIMEOUT("timeout"),
    CONNECT_ERROR("connect_error"),
    /** The connection was closed or reset mid-request. */
    RESET("reset"),
    OTHER("other");

    private final String key;

    ProbeOutcome(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public boolean failed() {
        return this != OK;
    }

    static ProbeOutcome ofStatus(int status) {
        return status >= 200 && status < 300 ? OK : HTTP_ERROR;
    }

    static ProbeOutcome ofFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return TIMEOUT;
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException) {
                return CONNECT_ERROR;
            }
            if (cause instanceof ConnectionClosedException) {
                return RESET;
            }
            if (cause instanceof SocketException) {
                String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
                return message.contains("reset") || message.contains("closed") || message.contains("broken pipe")
                        ? RESET : OTHER;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return OTHER;
    }
}
