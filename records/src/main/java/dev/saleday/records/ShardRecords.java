package dev.saleday.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One injector shard's records in a run driven by several injectors: {@code shards/<index>/} holds its own
 * {@code gatling/<simulation>/simulation.log}, {@code injector.jsonl} and {@code answers.jsonl}, exactly as a
 * single injector writes them into the run directory. The shards are kept apart so that each can be judged on its
 * own (did it start on time, keep up, run to the end) and merged exactly (every shard's simulation.log streams into
 * the same histograms; nothing is averaged).
 *
 * @param index           the shard's index, from its directory's name
 * @param count           how many shards the run had, from injector.jsonl's header ({@code i/n}); 0 when unknown
 * @param dir             {@code shards/<index>}
 * @param loadStartMs     when this injector started its load (injector.jsonl's header), -1 when it recorded none
 * @param simulationLogs  its simulation.log files, possibly none
 * @param injector        its injector.jsonl seconds, empty when absent
 * @param answers         its answers.jsonl lines, empty when absent
 * @param incompleteReasons why its records are incomplete (a cut-short line)
 */
public record ShardRecords(
        int index,
        int count,
        Path dir,
        long loadStartMs,
        List<Path> simulationLogs,
        List<InjectorSecond> injector,
        List<AnswerCount> answers,
        List<String> incompleteReasons) {

    /** The folder of the run directory that holds one folder per shard. */
    public static final String DIR_NAME = "shards";

    public ShardRecords {
        simulationLogs = List.copyOf(simulationLogs);
        injector = List.copyOf(injector);
        answers = List.copyOf(answers);
        incompleteReasons = List.copyOf(incompleteReasons);
    }

    /** @return {@code runDir/shards/<index>}, where shard {@code index} keeps its records */
    public static Path dir(Path runDir, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("shard index must be >= 0, got " + index);
        }
        return runDir.resolve(DIR_NAME).resolve(Integer.toString(index));
    }

    /** @return {@code i/n}, as the injector names its shard */
    public String name() {
        return index + "/" + (count > 0 ? count : "?");
    }

    /** @return the end of the last second this shard recorded (epoch ms), -1 when it recorded none */
    public long recordedEndMs() {
        return injector.isEmpty() ? -1 : injector.get(injector.size() - 1).tMs() + 1000;
    }

    /**
     * Reads every {@code shards/<index>/} of a run directory, by index.
     *
     * @return empty when the run had one in-process injector (no {@code shards/} folder)
     * @throws RecordException on an unreadable or foreign record file
     */
    public static List<ShardRecords> loadAll(Path runDir) {
        Path shards = runDir.resolve(DIR_NAME);
        if (!Files.isDirectory(shards)) {
            return List.of();
        }
        TreeMap<Integer, Path> byIndex = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(shards)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                String name = d.getFileName().toString();
                if (name.matches("\\d{1,4}")) {
                    byIndex.put(Integer.parseInt(name), d);
                }
            });
        } catch (IOException e) {
            throw new RecordException(shards, null, "cannot list: " + e.getMessage(), e);
        }
        List<ShardRecords> all = new ArrayList<>();
        byIndex.forEach((index, dir) -> all.add(load(index, dir)));
        return all;
    }

    private static ShardRecords load(int index, Path dir) {
        List<String> incomplete = new ArrayList<>();
        List<InjectorSecond> injector = new ArrayList<>();
        long loadStartMs = -1;
        int count = 0;
        Path injectorFile = dir.resolve(InjectorFile.FILE_NAME);
        if (Files.exists(injectorFile)) {
            JsonLinesReader.Result result = InjectorFile.read(injectorFile, injector::add);
            loadStartMs = result.header().path("loadStartMs").asLong(-1);
            String shard = result.header().path("shard").asText("");
            int slash = shard.indexOf('/');
            if (slash > 0) {
                try {
                    count = Integer.parseInt(shard.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new RecordException(injectorFile, "1", "shard must be written i/n, got '" + shard + "'");
                }
            }
            if (!result.complete()) {
                incomplete.add(DIR_NAME + "/" + index + "/" + InjectorFile.FILE_NAME + " ends in a cut-short line");
            }
        }
        List<AnswerCount> answers = new ArrayList<>();
        Path answersFile = dir.resolve(AnswersFile.FILE_NAME);
        if (Files.exists(answersFile) && !AnswersFile.read(answersFile, answers::add).complete()) {
            incomplete.add(DIR_NAME + "/" + index + "/" + AnswersFile.FILE_NAME + " ends in a cut-short line");
        }
        return new ShardRecords(index, count, dir, loadStartMs, GatlingLogReader.simulationLogs(dir), injector,
                answers, incomplete);
    }

    /**
     * The shards' seconds as one injector's: second {@code s} of every shard (counted from its own load start)
     * summed into one second; the send lag is the largest, the host CPU the highest. A merged second starts where the
     * first shard's second {@code s} starts on that shard's own load clock, moved onto {@code loadStartMs}: an
     * injector counts wall-clock seconds, which begin a fraction of a second off its load start, and the analysis
     * reads each second's window against the schedule (a phase's intended arrivals are split at its boundaries).
     */
    public static List<InjectorSecond> mergedSeconds(List<ShardRecords> shards, long loadStartMs) {
        TreeMap<Long, InjectorSecond> bySecond = new TreeMap<>();
        for (ShardRecords shard : shards) {
            long start = shard.loadStartMs() > 0 ? shard.loadStartMs() : loadStartMs;
            for (InjectorSecond second : shard.injector()) {
                long s = Math.floorDiv(second.tMs() - start + 500, 1000);
                bySecond.merge(s, new InjectorSecond(loadStartMs + (second.tMs() - start), second.phase(), second.intended(),
                        second.sent(), second.hostCpu(), second.sendLagMaxMs()), ShardRecords::sum);
            }
        }
        return List.copyOf(bySecond.values());
    }

    private static InjectorSecond sum(InjectorSecond a, InjectorSecond b) {
        Long lag = a.sendLagMaxMs() == null ? b.sendLagMaxMs()
                : b.sendLagMaxMs() == null ? a.sendLagMaxMs() : Long.valueOf(Math.max(a.sendLagMaxMs(), b.sendLagMaxMs()));
        return new InjectorSecond(a.tMs(), a.phase() != null ? a.phase() : b.phase(), a.intended() + b.intended(),
                a.sent() + b.sent(), Math.max(a.hostCpu(), b.hostCpu()), lag);
    }
}
