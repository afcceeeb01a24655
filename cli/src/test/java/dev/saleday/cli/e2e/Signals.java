package dev.saleday.cli.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** Freezing processes (SIGSTOP, then SIGCONT) and following a run's progress lines, for end-to-end tests. */
final class Signals {

    private static final Pattern PROGRESS = Pattern.compile("\\[\\s*(\\d+)s/\\s*\\d+s]");

    private Signals() {
    }

    /** Stops the process for {@code duration} (it gets no CPU at all), then lets it go on. */
    static void freeze(long pid, Duration duration) throws IOException, InterruptedException {
        signal("STOP", pid);
        try {
            Thread.sleep(duration.toMillis()); // the freeze itself: the length under test, not a wait for a condition
        } finally {
            signal("CONT", pid);
        }
    }

    static void signal(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }

    /** Waits until the run's progress line says at least {@code seconds} of load have passed. */
    static void awaitLoadSecond(SaledayProcess saleday, int seconds, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!saleday.isAlive()) {
                throw new AssertionError("saleday exited early:\n" + saleday.output());
            }
            return lastLoadSecond(saleday.output()).orElse(-1) >= seconds;
        });
    }

    static OptionalLong lastLoadSecond(String output) {
        Matcher matcher = PROGRESS.matcher(output);
        OptionalLong last = OptionalLong.empty();
        while (matcher.find()) {
            last = OptionalLong.of(Long.parseLong(matcher.group(1)));
        }
        return last;
    }

    /** @return the pids of the local pods host.jsonl names in its latest line */
    static List<Long> podPids(Path runDir) {
        List<com.fasterxml.jackson.databind.JsonNode> lines = RunRecords.lines(runDir.resolve("host.jsonl"));
        if (lines.size() < 2) {
            return List.of();
        }
        List<Long> pids = new java.util.ArrayList<>();
        lines.get(lines.size() - 1).path("pods").forEach(pod -> pids.add(pod.path("pid").asLong()));
        return pids;
    }
}
