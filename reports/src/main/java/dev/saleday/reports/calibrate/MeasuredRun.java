package dev.saleday.reports.calibrate;

import dev.saleday.records.HostFile;
import dev.saleday.records.HostSample;
import dev.saleday.records.InjectorFile;
import dev.saleday.records.InjectorSecond;
import dev.saleday.records.RecordException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's records read for {@link Calibration}: host.jsonl's seconds (our processes' CPU, the host's CPUs, the pods'
 * CPU limit) joined by second with injector.jsonl's requests sent, the first {@link #WARM_UP_MS} of the load left out
 * (the injector's JIT compiles then: on a 40 s step load its CPU in those seconds flattened the fitted cost per
 * request to 0.01 ms).
 *
 * @param cores                 the host's CPUs
 * @param seconds               the joined seconds
 * @param podCpuLimitMillicores the pods' CPU limit (the most frequent one recorded); null when none
 * @param injectorWaitMsPerS    the injector's run-queue wait over the seconds with the highest rate (the top fifth),
 *                              median, ms per second; null unknown
 */
public record MeasuredRun(int cores, List<Calibration.Second> seconds, Long podCpuLimitMillicores,
                          Double injectorWaitMsPerS) {

    /** The load's first seconds, left out. */
    static final long WARM_UP_MS = 10_000;

    /** @throws RecordException when host.jsonl or injector.jsonl is missing or unreadable */
    public static MeasuredRun read(Path runDir) {
        Path hostFile = runDir.resolve(HostFile.FILE_NAME);
        Path injectorFile = runDir.resolve(InjectorFile.FILE_NAME);
        for (Path file : List.of(hostFile, injectorFile)) {
            if (!Files.isRegularFile(file)) {
                throw new RecordException(file, null, "missing: calibration needs the host's and the injector's"
                        + " records of a run on this machine");
            }
        }
        List<HostSample> host = new ArrayList<>();
        var header = HostFile.read(hostFile, host::add).header();
        int cores = header.path("cores").asInt(0);
        long measureFromMs = header.path("loadStartMs").asLong(0) + WARM_UP_MS;
        if (cores < 1) {
            throw new RecordException(hostFile, null, "the header does not say how many CPUs the host has");
        }
        Map<Long, Long> sentBySecond = new TreeMap<>();
        InjectorFile.read(injectorFile, (InjectorSecond s) -> sentBySecond.merge(s.tMs() / 1000, s.sent(), Long::sum));
        List<Calibration.Second> seconds = new ArrayList<>();
        List<double[]> rateAndWait = new ArrayList<>();
        Map<Long, Integer> limits = new TreeMap<>();
        for (HostSample sample : host) {
            Long sent = sentBySecond.get(sample.tMs() / 1000);
            if (sent == null || sample.tMs() < measureFromMs || sample.injector() == null
                    || sample.injector().cpuMsPerS() == null) {
                continue;
            }
            double pods = 0;
            for (HostSample.Pod pod : sample.pods()) {
                pods += pod.cpuMsPerS() == null ? 0 : pod.cpuMsPerS();
                if (pod.limitMillicores() != null) {
                    limits.merge(pod.limitMillicores(), 1, Integer::sum);
                }
            }
            seconds.add(new Calibration.Second(sent, sample.injector().cpuMsPerS(), pods));
            if (sample.injectorWaitMsPerS() != null) {
                rateAndWait.add(new double[] {sent, sample.injectorWaitMsPerS()});
            }
        }
        Long limit = limits.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(null);
        return new MeasuredRun(cores, seconds, limit, waitAtTheTop(rateAndWait));
    }

    private static Double waitAtTheTop(List<double[]> rateAndWait) {
        if (rateAndWait.isEmpty()) {
            return null;
        }
        List<double[]> sorted = new ArrayList<>(rateAndWait);
        sorted.sort((a, b) -> Double.compare(b[0], a[0]));
        List<Double> top = sorted.subList(0, Math.max(1, sorted.size() / 5)).stream().map(a -> a[1]).sorted()
                .toList();
        return top.get(top.size() / 2);
    }
}
