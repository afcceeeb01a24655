package dev.saleday.reports.analysis;

import dev.saleday.records.AnswerCount;
import dev.saleday.records.HostSample;
import dev.saleday.records.InjectorSecond;
import dev.saleday.records.TimelineEvent;
import dev.saleday.reports.verdict.RunMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Everything the checks and the renderers need, computed once from a run's records by {@link Analysis}.
 * Immutable; memory is proportional to the run's length in seconds, never to its number of requests.
 *
 * @param run                what ran, where and when
 * @param complete           false when a record file was truncated or the run ended early
 * @param incompleteReasons  why it is incomplete, one sentence each
 * @param overall            the whole load
 * @param phases             each phase of the plan, in order
 * @param seconds            each second of the load, in order, from second 0 to the last recorded one
 * @param replicas           the replicas over time, in time order
 * @param versionMix         the versions that answered, per second with answers
 * @param pods               the pods that served traffic, by first answer
 * @param faults             the faults as they happened, in order of their first event
 * @param failureWindows     the failure windows, in time order
 * @param timeline           every timeline event, in time order (for markers and for context around windows)
 * @param answers            the load's answers per second and (version, pod), as answers.jsonl has them
 * @param host               host.jsonl's seconds, in time order; empty when not recorded
 * @param injector           injector.jsonl's seconds, in time order; empty when not recorded
 * @param starved            the stretches in which the host starved our processes of CPU beyond
 *                           {@code slo.hostHeadroom} (from host.jsonl), in time order
 * @param starvedEvery       every stretch in which the host starved our processes, however short, in time order
 * @param recordedEndMs      for an incomplete run, where its load's records end (epoch ms): what comes after was
 *                           not recorded and is judged neither way; null for a complete run
 * @param shards             each injector shard on its own, by index; empty for one in-process injector (the
 *                           shards' requests are in {@code overall}, {@code phases} and {@code seconds}, merged)
 * @param observed           the pods' own metrics, the cost of the day and the capacity the real day needs
 */
public record RunAnalysis(
        RunMetadata run,
        boolean complete,
        List<String> incompleteReasons,
        ScopeStats overall,
        List<ScopeStats> phases,
        List<SecondStats> seconds,
        List<ReplicaSample> replicas,
        List<VersionMix> versionMix,
        List<PodTraffic> pods,
        List<FaultEvents> faults,
        List<FailureWindow> failureWindows,
        List<TimelineEvent> timeline,
        List<AnswerCount> answers,
        List<HostSample> host,
        List<InjectorSecond> injector,
        List<HostStarvation.Starved> starved,
        List<HostStarvation.Starved> starvedEvery,
        Long recordedEndMs,
        List<ShardStats> shards,
        dev.saleday.reports.observed.Observed observed) {

    public RunAnalysis {
        shards = List.copyOf(shards);
        java.util.Objects.requireNonNull(observed, "observed");
        incompleteReasons = List.copyOf(incompleteReasons);
        phases = List.copyOf(phases);
        seconds = List.copyOf(seconds);
        replicas = List.copyOf(replicas);
        versionMix = List.copyOf(versionMix);
        pods = List.copyOf(pods);
        faults = List.copyOf(faults);
        failureWindows = List.copyOf(failureWindows);
        timeline = List.copyOf(timeline);
        answers = List.copyOf(answers);
        host = List.copyOf(host);
        injector = List.copyOf(injector);
        starved = List.copyOf(starved);
        starvedEvery = List.copyOf(starvedEvery);
    }

    /** Without host records. */
    public RunAnalysis(RunMetadata run, boolean complete, List<String> incompleteReasons, ScopeStats overall,
                       List<ScopeStats> phases, List<SecondStats> seconds, List<ReplicaSample> replicas,
                       List<VersionMix> versionMix, List<PodTraffic> pods, List<FaultEvents> faults,
                       List<FailureWindow> failureWindows, List<TimelineEvent> timeline, List<AnswerCount> answers) {
        this(run, complete, incompleteReasons, overall, phases, seconds, replicas, versionMix, pods, faults,
                failureWindows, timeline, answers, List.of(), List.of(), List.of(), List.of(), null, List.of(),
                dev.saleday.reports.observed.Observed.NONE);
    }

    public Optional<ScopeStats> phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<FaultEvents> fault(String name) {
        return faults.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** @return the failure windows attributed to a fault */
    public List<FailureWindow> windowsOf(String faultName) {
        return failureWindows.stream().filter(w -> faultName.equals(w.fault())).toList();
    }
}
