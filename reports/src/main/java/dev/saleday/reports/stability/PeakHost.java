package dev.saleday.reports.stability;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.records.HostFile;
import dev.saleday.records.HostSample;
import dev.saleday.records.RecordException;
import dev.saleday.reports.analysis.Median;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The host during a run's peak, from its host.jsonl: the medians, over the seconds of the plan's busiest phase (the
 * highest mean rate, the first of equals), of our processes' CPU wait, the CPU other work at our priority took and how
 * busy the host was. What a stability table shows next to the checks: how much headroom the plan's peak leaves.
 *
 * @param run                 the run's name (its directory)
 * @param phase               the busiest phase
 * @param injectorWaitMsPerS  the injector's run-queue wait, ms per second (summed over its threads); null unknown
 * @param podsWaitFraction    the pods' run-queue wait over their runnable time; null unknown
 * @param contendingCpuMsPerS CPU other work at our priority took, ms per second; null unknown
 * @param cpuBusy             the host's busy share; null unknown
 */
public record PeakHost(String run, String phase, Double injectorWaitMsPerS, Double podsWaitFraction,
                       Double contendingCpuMsPerS, Double cpuBusy) {

    /** @return the host at the peak of the run in {@code runDir}; empty without host.jsonl or a second in the peak */
    public static Optional<PeakHost> of(Plan plan, Path runDir) {
        Path file = runDir.resolve(HostFile.FILE_NAME);
        List<Phase> phases = plan.traffic().phases();
        if (!Files.isRegularFile(file) || phases.isEmpty()) {
            return Optional.empty();
        }
        long fromMs = 0;
        long peakFromMs = 0;
        Phase peak = phases.get(0);
        for (Phase phase : phases) {
            // by mean rate: a ramp that ends at the peak's rate carries half its load
            if (phase.startRateRps() + phase.endRateRps() > peak.startRateRps() + peak.endRateRps()) {
                peak = phase;
                peakFromMs = fromMs;
            }
            fromMs += phase.duration().toMillis();
        }
        List<HostSample> seconds = new ArrayList<>();
        long[] loadStartMs = {-1};
        try {
            var result = HostFile.read(file, seconds::add);
            loadStartMs[0] = result.header().path("loadStartMs").asLong(-1);
        } catch (RecordException e) {
            return Optional.empty();
        }
        long startMs = loadStartMs[0] + peakFromMs;
        long endMs = startMs + peak.duration().toMillis();
        List<HostSample> inPeak = seconds.stream().filter(s -> s.tMs() >= startMs && s.tMs() < endMs).toList();
        if (loadStartMs[0] < 0 || inPeak.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PeakHost(runDir.getFileName().toString(), peak.name(),
                median(inPeak, HostSample::injectorWaitMsPerS), median(inPeak, HostSample::podsWaitFraction),
                median(inPeak, HostSample::contendingCpuMsPerS), median(inPeak, HostSample::cpuBusy)));
    }

    private static Double median(List<HostSample> seconds, Function<HostSample, Double> figure) {
        List<Double> values = seconds.stream().map(figure).filter(v -> v != null).toList();
        return values.isEmpty() ? null : Median.of(values);
    }
}
