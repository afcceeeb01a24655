package dev.saleday.localkube.testing;

import dev.saleday.localkube.controller.PodMetrics;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/** CPU use the test decides, per namespace: every pod there uses the set millicores; elsewhere nothing is measured. */
public final class FakeMetrics implements PodMetrics {

    private final Map<String, Double> millicoresByNamespace = new ConcurrentHashMap<>();

    public void setEveryPod(String namespace, double cpuMillicores) {
        millicoresByNamespace.put(namespace, cpuMillicores);
    }

    @Override
    public OptionalDouble cpuMillicores(String namespace, String podName, Duration window) {
        Double value = millicoresByNamespace.get(namespace);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
