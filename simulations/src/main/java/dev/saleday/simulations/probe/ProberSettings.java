package dev.saleday.simulations.probe;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * @param targetUrl base URL of the model; probes {@code POST targetUrl/predict}
 * @param rateRps   probes per second, fixed, > 0 (default 20)
 * @param timeout   a probe not answered within this (from its intended send time) is a timeout (default 2 s)
 * @param runDir    probe.jsonl is written here
 * @param body      the probe's request body (default {@code {"userId":1,"k":10}})
 */
public record ProberSettings(URI targetUrl, double rateRps, Duration timeout, Path runDir, String body) {

    public static final double DEFAULT_RATE_RPS = 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final String DEFAULT_BODY = "{\"userId\":1,\"k\":10}";
    /** Above this the prober would be load, not a probe. */
    public static final double MAX_RATE_RPS = 1000;

    public ProberSettings {
        Objects.requireNonNull(targetUrl, "targetUrl");
        Objects.requireNonNull(runDir, "runDir");
        if (!(rateRps > 0 && rateRps <= MAX_RATE_RPS)) {
            throw new IllegalArgumentException("probe rate must be > 0 and <= " + MAX_RATE_RPS + " req/s, got " + rateRps);
        }
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("probe timeout must be at least 1ms, got " + timeout);
        }
        body = body == null ? DEFAULT_BODY : body;
    }

    public static ProberSettings of(URI targetUrl, Path runDir) {
        return new ProberSettings(targetUrl, DEFAULT_RATE_RPS, DEFAULT_TIMEOUT, runDir, DEFAULT_BODY);
    }

    public ProberSettings withRateRps(double newRateRps) {
        return new ProberSettings(targetUrl, newRateRps, timeout, runDir, body);
    }

    public ProberSettings withTimeout(Duration newTimeout) {
        return new ProberSettings(targetUrl, rateRps, newTimeout, runDir, body);
    }

    public URI predictUrl() {
        String base = targetUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/predict");
    }
}
