package dev.saleday.records;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The records of a run directory that are small enough to hold (one line per second or per state change), and the
 * paths of the ones that are streamed (simulation.log, probe.jsonl: one record per request).
 *
 * @param runDir            the run directory
 * @param run               run.json, or {@link RunInfo#UNKNOWN} when absent
 * @param loadStartMs       epoch ms the load started (phase boundaries count from it): run.json's
 *                          {@code loadStartMs}, else injector.jsonl's header's, else the first event of simulation.log
 * @param simulationLogs    every gatling/&#42;/simulation.log, and every shard's (shards/&lt;i&gt;/gatling/&#42;/simulation.log),
 *                          at least one
 * @param gatlingHeader     the first log's header (checked: Gatling version)
 * @param probeLog          probe.jsonl, or null when absent
 * @param injector          injector.jsonl lines, empty when absent; with shards, their seconds summed
 *                          ({@link ShardRecords#mergedSeconds})
 * @param answers           answers.jsonl lines, empty when absent; with shards, all of theirs
 * @param timeline          timeline.jsonl lines in time order, empty when absent
 * @param host              host.jsonl lines in time order, empty when absent (not recorded: not judged)
 * @param hostCores         the CPUs host.jsonl's header says the host offers; null when absent
 * @param incompleteReasons why the small records are incomplete (truncated file, run without an end)
 * @param shards            each injector shard's records, by index; empty for a run with one in-process injector
 */
public record RunRecords(
        Path runDir,
        RunInfo run,
        long loadStartMs,
        List<Path> simulationLogs,
        GatlingLogHeader gatlingHeader,
        Path probeLog,
        List<InjectorSecond> injector,
        List<AnswerCount> answers,
        List<TimelineEvent> timeline,
        List<HostSample> host,
        Integer hostCores,
        List<String> incompleteReasons,
        List<ShardRecords> shards) {

    public RunRecords {
        shards = List.copyOf(shards);
        simulationLogs = List.copyOf(simulationLogs);
        injector = List.copyOf(injector);
        answers = List.copyOf(answers);
        timeline = List.copyOf(timeline);
        host = List.copyOf(host);
        incompleteReasons = List.copyOf(incompleteReasons);
    }

    /**
     * Reads the run directory's small records and checks the headers of the large ones.
     *
     * @throws RecordException when a file is unreadable, of a foreign format or version, or simulation.log is
     *                         missing
     */
    public static RunRecords load(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new RecordException(runDir, null, "not a run directory (it does not exist or is not a folder)");
        }
        List<String> incomplete = new ArrayList<>();
        RunInfo run = RunInfo.UNKNOWN;
        Path runJson = runDir.resolve(RunFile.FILE_NAME);
        if (Files.exists(runJson)) {
            run = RunFile.read(runJson);
            if (run.endedAtMs() == null) {
                incomplete.add("run.json has no end time: the run did not finish (crashed or still running)");
            }
            if (run.interrupted()) {
                incomplete.add("the run was interrupted before the end of its plan");
            }
        } else {
            incomplete.add("run.json is missing: no run metadata");
        }
        List<ShardRecords> shards = ShardRecords.loadAll(runDir);
        List<Path> logs = new ArrayList<>(GatlingLogReader.simulationLogs(runDir));
        shards.forEach(shard -> logs.addAll(shard.simulationLogs()));
        if (logs.isEmpty()) {
            throw new RecordException(runDir, null, shards.isEmpty()
                    ? "no gatling/<simulation>/simulation.log: nothing to analyse"
                    : "no shards/<i>/gatling/<simulation>/simulation.log in any shard: nothing to analyse");
        }
        GatlingLogHeader header = GatlingLogReader.readHeader(logs.get(0));
        long loadStartMs = run.loadStartMs() != null ? run.loadStartMs()
                : GatlingLogReader.firstEventMs(logs.get(0));
        for (Path other : logs.subList(1, logs.size())) {
            GatlingLogReader.readHeader(other);
        }
        List<InjectorSecond> injector = new ArrayList<>();
        long[] injectorStartMs = {-1};
        readIfPresent(runDir.resolve(InjectorFile.FILE_NAME), incomplete, f -> {
            JsonLinesReader.Result result = InjectorFile.read(f, injector::add);
            injectorStartMs[0] = result.header().path("loadStartMs").asLong(-1);
            return result;
        });
        if (run.loadStartMs() == null && injectorStartMs[0] > 0) {
            loadStartMs = injectorStartMs[0];
        }
        List<AnswerCount> answers = new ArrayList<>();
        readIfPresent(runDir.resolve(AnswersFile.FILE_NAME), incomplete, f -> AnswersFile.read(f, answers::add));
        if (!shards.isEmpty()) {
            if (run.loadStartMs() == null) {
                loadStartMs = shards.stream().mapToLong(ShardRecords::loadStartMs).filter(ms -> ms > 0).min()
                        .orElse(loadStartMs);
            }
            injector.addAll(ShardRecords.mergedSeconds(shards, loadStartMs));
            for (ShardRecords shard : shards) {
                answers.addAll(shard.answers());
                incomplete.addAll(shard.incompleteReasons());
            }
            answers.sort(Comparator.comparingLong(AnswerCount::tMs));
        }
        List<TimelineEvent> timeline = new ArrayList<>();
        readIfPresent(runDir.resolve(TimelineFile.FILE_NAME), incomplete, f -> TimelineFile.read(f, timeline::add));
        timeline.sort(Comparator.comparingLong(TimelineEvent::tMs));
        List<HostSample> host = new ArrayList<>();
        Integer[] hostCores = {null};
        readIfPresent(runDir.resolve(HostFile.FILE_NAME), incomplete, f -> {
            JsonLinesReader.Result result = HostFile.read(f, host::add);
            int cores = result.header().path("cores").asInt(0);
            hostCores[0] = cores > 0 ? cores : null;
            return result;
        });
        host.sort(Comparator.comparingLong(HostSample::tMs));
        Path probe = runDir.resolve(ProbeFile.FILE_NAME);
        return new RunRecords(runDir, run, loadStartMs, logs, header, Files.exists(probe) ? probe : null, injector,
                answers, timeline, host, hostCores[0], incomplete, shards);
    }

    private static void readIfPresent(Path file, List<String> incomplete,
                                      Function<Path, JsonLinesReader.Result> reader) {
        if (!Files.exists(file)) {
            return;
        }
        if (!reader.apply(file).complete()) {
            incomplete.add(file.getFileName() + " ends in a cut-short line: read up to it");
        }
    }
}
