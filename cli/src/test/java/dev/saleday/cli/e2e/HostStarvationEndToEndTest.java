package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One short run on the embedded cluster at 100 req/s, with busy loops (one per CPU of the build machine) started
 * beside it three times: at normal priority from 3 s to 9 s into the load, under {@code nice -n 19} from 12 s to 18 s,
 * and under {@code nice -n 19} in a session of their own ({@code setsid}, as a job from another terminal or a CI
 * runner's other work) from 22 s to 28 s.
 * The loops at normal priority take the CPU from saleday's own processes: INVALID by host starvation, a stretch named
 * in their window, never FAIL, and the report shades it. The niced loops soak up the idle CPU too, but yield to our
 * processes: the figure the rule turns on (the CPU other work at our priority took, host.jsonl) does not move in
 * their window, so they starve nothing (HostHeadroomTest judges the same figures). In a session of their own, with the
 * kernel's autogroups on (this build machine's and most distributions' default), their nice value counts only inside
 * their session's group and the group gets an equal share of the CPUs: host.jsonl counts them as other work at our
 * priority, as it counts the plain loops; with autogroups off, or our processes in a cpu cgroup, they yield as the
 * niced ones. Which holds on the machine at hand is asked of the scheduler first (a CI runner's processes may be in
 * no session group, or a container's cgroup). The figures are compared within the run; the seconds without loops are
 * printed beside them. One run for all three keeps the suite's time down.
 */
class HostStarvationEndToEndTest {

    private static final List<String> LOOP = List.of("sh", "-c", "while :; do :; done");

    private static final List<String> NICED_LOOP_OF_ITS_OWN_SESSION = List.of("setsid", "nice", "-n", "19", "sh", "-c",
            "while :; do :; done");

    private static final Pattern STRETCH = Pattern.compile("from (\\d+):(\\d\\d) to (\\d+):(\\d\\d)");

    @Test
    void busyLoopsStarveTheRunAndNicedOnesChangeNothingUnlessTheyAreInAGroupOfTheirOwn(@TempDir Path tmp)
            throws Exception {
        Path planFile = tmp.resolve("busy.yaml");
        Files.writeString(planFile, LocalPlans.steady("busy", 31, 100));
        Path runDir = tmp.resolve("run");
        int cpus = Runtime.getRuntime().availableProcessors();
        double ownSessionShare = nicedLoopsOfTheirOwnSessionShare(cpus);
        List<Process> loops = new ArrayList<>();
        int exit;
        String output;
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve("run.txt"), "run", planFile.toString(),
                "--out", runDir.toString())) {
            Signals.awaitLoadSecond(saleday, 3, Duration.ofMinutes(3));
            start(loops, cpus, LOOP);
            Signals.awaitLoadSecond(saleday, 9, Duration.ofSeconds(60));
            stop(loops);
            Signals.awaitLoadSecond(saleday, 12, Duration.ofSeconds(60));
            start(loops, cpus, List.of("nice", "-n", "19", "sh", "-c", "while :; do :; done"));
            Signals.awaitLoadSecond(saleday, 18, Duration.ofSeconds(60));
            stop(loops);
            Signals.awaitLoadSecond(saleday, 22, Duration.ofSeconds(60));
            start(loops, cpus, NICED_LOOP_OF_ITS_OWN_SESSION);
            Signals.awaitLoadSecond(saleday, 28, Duration.ofSeconds(60));
            stop(loops);
            exit = saleday.waitFor(Duration.ofMinutes(3));
            output = saleday.output();
        } finally {
            stop(loops);
        }

        JsonNode verdict = RunRecords.json(runDir.resolve("verdict.json"));
        assertThat(exit).as(output).isEqualTo(2);
        assertThat(verdict.path("verdict").asText()).isEqualTo("INVALID");
        assertThat(verdict.path("invalidBy").toString()).isEqualTo("[\"host\"]");
        assertThat(output).contains("verdict: INVALID (host starvation");
        JsonNode headroom = check(verdict, "validity.hostHeadroom");
        assertThat(headroom.path("passed").asBoolean()).isFalse();
        String detail = headroom.path("detail").asText();
        assertThat(detail).contains("other work at our priority took", "unreliable: latency.steady.p99");
        // the check itself keeps its outcome: the model answered within 10 s all along
        assertThat(check(verdict, "latency.steady.p99").path("passed").asBoolean()).as(detail).isTrue();
        // a starved stretch lies in the window of the loops at normal priority
        Matcher stretch = STRETCH.matcher(detail);
        boolean inPlainWindow = false;
        while (stretch.find()) {
            int fromSec = Integer.parseInt(stretch.group(1)) * 60 + Integer.parseInt(stretch.group(2));
            int toSec = Integer.parseInt(stretch.group(3)) * 60 + Integer.parseInt(stretch.group(4));
            inPlainWindow |= fromSec <= 6 && toSec >= 8;
        }
        assertThat(inPlainWindow).as(detail).isTrue();
        // host.jsonl shows why: the plain loops took CPUs at our priority, the niced ones none that counts
        List<JsonNode> host = RunRecords.lines(runDir.resolve("host.jsonl"));
        long loadStartMs = host.get(0).path("loadStartMs").asLong();
        List<Double> quiet = contending(host, loadStartMs, 0, 3);
        quiet.addAll(contending(host, loadStartMs, 10, 12));
        quiet.addAll(contending(host, loadStartMs, 19, 22));
        double withoutLoops = median(quiet);
        double plain = median(contending(host, loadStartMs, 4, 9));
        double niced = median(contending(host, loadStartMs, 13, 18));
        double ownGroup = median(contending(host, loadStartMs, 23, 28));
        String figures = "contending CPU ms/s: without loops " + withoutLoops + ", plain loops " + plain
                + ", niced loops " + niced + ", niced loops in a session of their own " + ownGroup;
        // two loops at our priority take about half of 2 CPUs or more beside our processes (1.0 to 1.4 CPUs seen:
        // they share our session's group, and the pods' groups take their part), well past the half CPU the rule
        // counts; the niced ones count for nothing, so their window reads what the machine's other users took then
        assertThat(plain).as(figures).isGreaterThan(700);
        assertThat(niced).as(figures).isLessThan(plain - 300);
        // loops niced in a session of their own count as plain ones do where the scheduler gives their session's group
        // as much of the CPUs as ours (autogroups in effect), as niced ones where it does not (autogroups off, or our
        // processes in a cpu cgroup): the scheduler's own answer, measured before the run, is the oracle
        figures += ", niced loops of their own session got " + Math.round(ownSessionShare * 100)
                + " % of the CPUs against plain ones";
        System.out.println("host starvation e2e: " + figures);
        if (ownSessionShare > 0.2) {
            // their groups share the CPUs with ours and the pods' (each pod is a session of its own), so they get less
            // than the plain loops (0.8 to 1.3 CPUs seen); at least the half CPU the rule counts as other work
            assertThat(ownGroup).as(figures).isGreaterThan(500);
        } else {
            assertThat(ownGroup).as(figures).isLessThan(plain - 300);
        }
        // the report shades the stretch on its time charts
        assertThat(Files.readString(runDir.resolve("report/index.html"))).contains("host starved")
                .doesNotContain("\"starved\":[]");
    }

    /**
     * @return the share of the CPU time loops under {@code setsid nice -n 19} took running beside as many plain
     *         loops of this session, until together they used 1.5 s of each CPU: about half where each session is a
     *         group of equal weight, about 1.5 % (nice 19's weight against nice 0's) where the nice value counts
     */
    private static double nicedLoopsOfTheirOwnSessionShare(int cpus) throws Exception {
        List<Process> plain = new ArrayList<>();
        List<Process> ownSession = new ArrayList<>();
        try {
            start(plain, cpus, LOOP);
            start(ownSession, cpus, NICED_LOOP_OF_ITS_OWN_SESSION);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long plainTicks;
            long ownTicks;
            do {
                Thread.sleep(100); // the poll's interval, the condition is the CPU used
                plainTicks = cpuTicks(plain);
                ownTicks = cpuTicks(ownSession);
            } while (plainTicks + ownTicks < 150L * cpus && System.nanoTime() < deadline);
            assertThat(plainTicks + ownTicks).as("CPU ticks of the probe's loops").isGreaterThanOrEqualTo(150L * cpus);
            return ownTicks / (double) (plainTicks + ownTicks);
        } finally {
            stop(plain);
            stop(ownSession);
        }
    }

    /** @return user + system clock ticks of the processes ({@code /proc/PID/stat}; exec keeps the pid) */
    private static long cpuTicks(List<Process> processes) throws Exception {
        long ticks = 0;
        for (Process process : processes) {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks;
    }

    private static void start(List<Process> loops, int count, List<String> command) throws Exception {
        for (int i = 0; i < count; i++) {
            loops.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
    }

    private static void stop(List<Process> loops) {
        for (Process process : loops) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        loops.clear();
    }

    /** @return the contending CPU, ms a second, of the lines starting {@code fromSec..toSec} into the load */
    private static List<Double> contending(List<JsonNode> host, long loadStartMs, int fromSec, int toSec) {
        List<Double> values = new ArrayList<>();
        for (JsonNode line : host.subList(1, host.size())) {
            double sec = (line.path("t").asLong() - loadStartMs) / 1000.0;
            if (sec >= fromSec && sec < toSec && line.path("contendingCpuMsPerS").isNumber()) {
                values.add(line.path("contendingCpuMsPerS").asDouble());
            }
        }
        assertThat(values).as("host.jsonl lines from %d s to %d s", fromSec, toSec).hasSizeGreaterThan(1);
        return values;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static JsonNode check(JsonNode verdict, String name) {
        return StreamSupport.stream(verdict.path("checks").spliterator(), false)
                .filter(c -> c.path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
