package dev.saleday.reports.analysis;

import java.util.Locale;

/** Why a request failed; the same kinds for the load (from Gatling's messages) and the prober (its outcome). */
public enum FailureKind {
    /** An answer with a status that is not 2xx. */
    HTTP_ERROR,
    /** No answer within the request timeout. */
    TIMEOUT,
    /** The connection could not be opened (refused, no route). */
    CONNECT_ERROR,
    /** The connection was closed or reset mid-request. */
    RESET,
    OTHER;

    /** @return the key used in records and JSON: {@code http_error}, {@code timeout}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the kind of a probe outcome key; unknown keys are OTHER */
    public static FailureKind ofKey(String key) {
        for (FailureKind kind : values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        return OTHER;
    }

    /**
     * Classifies a Gatling failure message, e.g. {@code status.find.in(200..299), but actually found 503},
     * {@code i.g.h.c.i.RequestTimeoutException: Request timeout to ... after 2000 ms},
     * {@code j.n.ConnectException: Connection refused}, {@code ...PrematureCloseException: Premature close}.
     */
    public static FailureKind ofGatlingMessage(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("timeout") || m.contains("timed out")) {
            return TIMEOUT;
        }
        if (m.contains("connectexception") || m.contains("connection refused") || m.contains("no route")
                || m.contains("unresolvedaddress") || m.contains("connect timed")) {
            return CONNECT_ERROR;
        }
        if (m.contains("reset") || m.contains("premature") || m.contains("closedchannel")
                || m.contains("connection closed") || m.contains("remotely closed")) {
            return RESET;
        }
        if (m.contains("but actually found") || m.contains("status")) {
            return HTTP_ERROR;
        }
        return OTHER;
    }
}
