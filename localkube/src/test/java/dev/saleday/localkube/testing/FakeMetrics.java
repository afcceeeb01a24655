package dev.saleday.localkube.testing;

import dev.saleday.localkube.controller.PodMetrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CPU use the test decides, per namespace: every pod there uses the set millicores; elsewhere nothing is measured.
 * Every read is kept (when, and what it answered), so a test knows when the autoscaler last saw a value and that
 * it went on evaluating while the test waited for something not to happen.
 */
public final class FakeMetrics implements PodMetrics {

    /** One answer to the autoscaler: epoch ms it asked, the millicores it got. */
    public record Read(long atMs, double cpuMillicores) {
    }

    private final Map<String, Double> millicoresByNamespace = new ConcurrentHashMap<>();
    private final Map<String, List<Read>> readsByNamespace = new ConcurrentHashMap<>();

    public void setEveryPod(String namespace, double cpuMillicores) {
        millicoresByNamespace.put(namespace, cpuMillicores);
    }

    /** @return the reads of this namespace's pods so far, oldest first */
    public List<Read> reads(String namespace) {
        return List.copyOf(readsByNamespace.getOrDefault(namespace, List.of()));
    }

    /** @return epoch ms of the last read that answered {@code cpuMillicores}, or -1 */
    public long lastReadOf(String namespace, double cpuMillicores) {
        return reads(namespace).stream().filter(r -> r.cpuMillicores() == cpuMillicores).mapToLong(Read::atMs)
                .max().orElse(-1);
    }

    /** @return ms between the first and the last read since {@code sinceMs} (0 with fewer than two) */
    public long readSpanMillis(String namespace, long sinceMs) {
        List<Long> since = reads(namespace).stream().map(Read::atMs).filter(t -> t >= sinceMs).toList();
        return since.size() < 2 ? 0 : since.get(since.size() - 1) - since.get(0);
    }

    @Override
    public OptionalDouble cpuMillicores(String namespace, String podName, Duration window) {
        Double value = millicoresByNamespace.get(namespace);
        if (value == null) {
            return OptionalDouble.empty();
        }
        readsByNamespace.computeIfAbsent(namespace, n -> new CopyOnWriteArrayList<>())
                .add(new Read(System.currentTimeMillis(), value));
        return OptionalDouble.of(value);
    }
}
