package dev.saleday.localkube.proxy;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The Endpoints of each Service as the proxy acts on them: a ready address that leaves them (its pod terminating or
 * unready) is still used for {@code lag} after the change was seen, as kube-proxy keeps its rules until its next
 * sync; a new ready address is used at once (so a Service is reachable as soon as its Deployment is available).
 * Changes are kept with the time they were seen, those older than the lag dropped. Thread-safe: informer threads
 * write, connection threads read.
 */
final class LaggedEndpoints {

    private record Seen(long atNanos, Endpoints endpoints) {
    }

    private final long lagNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Deque<Seen>> history = new ConcurrentHashMap<>();

    LaggedEndpoints(Duration lag, LongSupplier nanoTime) {
        this.lagNanos = lag.toNanos();
        this.nanoTime = nanoTime;
    }

    /** An Endpoints object changed (null: deleted). */
    void changed(String serviceKey, Endpoints endpoints) {
        Deque<Seen> seen = history.computeIfAbsent(serviceKey, k -> new ArrayDeque<>());
        synchronized (seen) {
            long now = nanoTime.getAsLong();
            prune(seen, now);
            seen.addLast(new Seen(now, endpoints));
        }
    }

    /**
     * @return the latest Endpoints, plus a subset for each ready address that left them less than the lag ago (with
     *         the ports it had); null when there are none
     */
    Endpoints current(String serviceKey) {
        Deque<Seen> seen = history.get(serviceKey);
        if (seen == null) {
            return null;
        }
        synchronized (seen) {
            prune(seen, nanoTime.getAsLong());
            if (seen.isEmpty()) {
                return null;
            }
            Endpoints latest = seen.peekLast().endpoints();
            List<EndpointSubset> lingering = new ArrayList<>();
            Set<String> ready = readyIps(latest);
            for (Seen earlier : seen) {
                if (earlier.endpoints() == null || earlier.endpoints() == latest
                        || earlier.endpoints().getSubsets() == null) {
                    continue;
                }
                for (EndpointSubset subset : earlier.endpoints().getSubsets()) {
                    List<EndpointAddress> gone = new ArrayList<>();
                    for (EndpointAddress address : subset.getAddresses() == null ? List.<EndpointAddress>of()
                            : subset.getAddresses()) {
                        if (ready.add(address.getIp())) {
                            gone.add(address);
                        }
                    }
                    if (!gone.isEmpty()) {
                        lingering.add(new EndpointSubsetBuilder().withAddresses(gone).withPorts(subset.getPorts())
                                .build());
                    }
                }
            }
            if (lingering.isEmpty()) {
                return latest;
            }
            EndpointsBuilder view = latest == null ? new EndpointsBuilder() : new EndpointsBuilder(latest);
            return view.addAllToSubsets(lingering).build();
        }
    }

    /** Drops the changes that stopped counting: all but the newest one older than the lag. */
    private void prune(Deque<Seen> seen, long nowNanos) {
        long visibleBefore = nowNanos - lagNanos;
        Seen latest = null;
        while (!seen.isEmpty() && seen.peekFirst().atNanos() <= visibleBefore) {
            latest = seen.pollFirst();
        }
        if (latest != null && (seen.isEmpty() || lagNanos > 0)) {
            seen.addFirst(latest);
        }
    }

    private static Set<String> readyIps(Endpoints endpoints) {
        Set<String> ips = new HashSet<>();
        if (endpoints != null && endpoints.getSubsets() != null) {
            for (EndpointSubset subset : endpoints.getSubsets()) {
                if (subset.getAddresses() != null) {
                    subset.getAddresses().forEach(address -> ips.add(address.getIp()));
                }
            }
        }
        return ips;
    }
}
