package dev.saleday.localkube.proxy;

import java.time.Duration;

/**
 * How the Service proxy follows the cluster, where real clusters vary.
 *
 * @param endpointLag how long the proxy still sends new connections to a ready address after it left the Endpoints
 *                    (its pod terminating or unready); a new ready address is used at once. Default 1 s:
 *                    kube-proxy's iptables mode syncs its rules at most once per {@code iptables.minSyncPeriod}, 1 s
 *                    by default (pkg/proxy/apis/config/v1alpha1/defaults.go; {@code syncPeriod} 30 s), after the
 *                    EndpointSlice controller's write; cloud load balancers that target pods are slower still
 *                    (seconds), which is why Deployments add a preStop sleep. {@link Duration#ZERO}: at once
 * @param balancing   how a new connection picks its backend
 */
public record ProxySettings(Duration endpointLag, Balancing balancing) {

    /** kube-proxy's iptables minSyncPeriod default. */
    public static final Duration DEFAULT_ENDPOINT_LAG = Duration.ofSeconds(1);

    /** How a connection picks a backend. */
    public enum Balancing {
        /**
         * Uniformly at random per connection, as kube-proxy's iptables rules do ({@code -m statistic --mode random
         * --probability 1/n} on each endpoint in turn).
         */
        RANDOM,
        /** The next backend in turn (kube-proxy's IPVS mode default, {@code rr}). */
        ROUND_ROBIN
    }

    public ProxySettings {
        if (endpointLag == null || endpointLag.isNegative()) {
            throw new IllegalArgumentException("endpointLag must be >= 0, got " + endpointLag);
        }
        if (balancing == null) {
            throw new IllegalArgumentException("balancing must be RANDOM or ROUND_ROBIN");
        }
    }

    /** kube-proxy in iptables mode: 1 s lag, random per connection. */
    public static ProxySettings defaults() {
        return new ProxySettings(DEFAULT_ENDPOINT_LAG, Balancing.RANDOM);
    }

    /** No lag, round robin: the most even and the most forgiving proxy (unit tests of the proxy itself). */
    public static ProxySettings immediateRoundRobin() {
        return new ProxySettings(Duration.ZERO, Balancing.ROUND_ROBIN);
    }

    public ProxySettings withEndpointLag(Duration lag) {
        return new ProxySettings(lag, balancing);
    }

    public ProxySettings withBalancing(Balancing mode) {
        return new ProxySettings(endpointLag, mode);
    }
}
