package dev.saleday.plan;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the pods themselves say during the run ({@code observe} in a plan): each target pod's metrics endpoint,
 * scraped through the Kubernetes API server's pod proxy ({@code pods/proxy}, get), and optionally named PromQL queries
 * against an existing Prometheus. A scrape that cannot work is named in the report; it never fails the run.
 *
 * @param port             the pod's port: a container port name or number; default {@code http}, the model's
 * @param path             the metrics path on that port; default {@code /metrics}
 * @param interval         time between two scrapes of every pod
 * @param prometheusUrl    an existing Prometheus's base URL; null when none
 * @param prometheusQueries named instant PromQL queries asked at each interval (empty without a Prometheus)
 * @param maxServerErrorRate {@code checks.errorRate}: the pods' own 5xx share of their predictions; null = no check
 * @param maxThrottledFraction {@code checks.throttled}: the most throttled pod's throttled time per second observed
 *                          (summed over its workers); null = no check
 */
public record Observe(String port, String path, Duration interval, URI prometheusUrl,
                      Map<String, String> prometheusQueries, Double maxServerErrorRate, Double maxThrottledFraction) {

    public Observe {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a metrics path must start with '/', got '" + path + "'");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the scrape interval must be > 0, got " + interval);
        }
        prometheusQueries = Map.copyOf(prometheusQueries);
    }

    /** Without checks. */
    public Observe(String port, String path, Duration interval, URI prometheusUrl,
                   Map<String, String> prometheusQueries) {
        this(port, path, interval, prometheusUrl, prometheusQueries, null, null);
    }

    /** The pod proxy path of this endpoint on one pod, as the API server serves it. */
    public String proxyPath(String namespace, String pod) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + pod + ":" + port + "/proxy" + path;
    }
}
