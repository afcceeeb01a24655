package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.SecondStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A steady 24 s phase at 50 req/s on the embedded cluster. At 8 s the saleday JVM itself (the injector) is frozen for
 * 2 s: the run is INVALID by send lag, the stall named. At 18 s one of the two pods is frozen for 2 s instead: that is
 * the target being slow, so it must not count as send lag, and it shows in the latency of the seconds it hit.
 * Meanwhile the API server is out from 2 s to 14 s ({@code api-outage}, 12 s), after an hpa-patch fault
 * at 1 s (bounds only: the two pods stay): the load and the prober go on, the timeline shows the recorder's gap,
 * which closes within a few seconds of the API server's return (the recorder's watches retry at most 1.6 s apart),
 * the hpa-patch is still undone at the end, and every record of the run is there.
 */
class StallEndToEndTest {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    static final Duration FREEZE = Duration.ofSeconds(2);

    @Test
    void aFrozenInjectorIsInvalidBySendLagAndAFrozenPodShowsInTheLatency(@TempDir Path tmp) throws Exception {
        Path planFile = tmp.resolve("stall.yaml");
        Files.writeString(planFile, LocalPlans.steady("stall", 24, 50,
                "{name: hpa-max, at: 1s, action: hpa-patch, max: 8}",
                "{name: api-down, at: 2s, action: api-outage, duration: 12s}"));
        Path runDir = tmp.resolve("run");
        int exit;
        String output;
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve("out.txt"), "run", planFile.toString(),
                "--out", runDir.toString())) {
            Signals.awaitLoadSecond(saleday, 8, Duration.ofMinutes(3));
            Signals.freeze(saleday.pid(), FREEZE);
            Signals.awaitLoadSecond(saleday, 18, Duration.ofSeconds(30)); // the pods' pids are known again
            // the command's JVM hosts the cluster, so C2 compiles nothing (QuickJitWhileHosting): with C2, its
            // compiler thread had taken 10.8 s of CPU by this second (the same run with C2 kept)
            assertThat(c2CompilerCpuMs(saleday.pid())).as("CPU ms of the command's C2 compiler thread")
                    .isLessThan(2000);
            List<Long> pods = Signals.podPids(runDir);
            assertThat(pods).as("host.jsonl names the pods' processes").isNotEmpty();
            long pod = pods.get(0);
            assertThat(saleday.descendants().map(ProcessHandle::pid)).as("a pod of this run").contains(pod);
            Signals.freeze(pod, FREEZE);
            exit = saleday.waitFor(RUN_TIMEOUT);
            output = saleday.output();
        }

        assertThat(exit).as(output).isEqualTo(2);
        JsonNode verdict = RunRecords.json(runDir.resolve("verdict.json"));
        assertThat(verdict.path("verdict").asText()).isEqualTo("INVALID");
        assertThat(verdict.path("invalidBy").toString()).contains("injector");
        JsonNode sendLag = check(verdict, "validity.sendLag");
        assertThat(sendLag.path("passed").asBoolean()).isFalse();
        assertThat(sendLag.path("measured").asDouble()).as(sendLag.toString()).isGreaterThanOrEqualTo(1.5);
        assertThat(sendLag.path("detail").asText()).containsPattern("requests due from 0:(0[6-9]|1[01]) left up to");
        assertThat(output).containsPattern("verdict: INVALID \\([^)]*the injector");
        assertThat(output).contains("this JVM's JIT C1 only while it hosts it",
                "pod CPU limits as the kernel's CFS quotas");

        // the pod's freeze is the target's slowness: no send lag around it, and the latency of those seconds shows it
        Plan plan = PlanParser.parse(runDir.resolve("plan.yaml"));
        RunAnalysis analysis = Analyzer.analyze(runDir, plan, null).analysis();
        long loadStartMs = analysis.overall().startMs();
        List<JsonNode> injector = RunRecords.lines(runDir.resolve("injector.jsonl"));
        assertThat(injector.stream().skip(1).filter(l -> l.path("t").asLong() >= loadStartMs + 17_000
                && l.path("t").asLong() < loadStartMs + 24_000)).as("seconds around the pod's freeze")
                .isNotEmpty().allMatch(l -> l.path("sendLagMaxMs").asLong(0) < 1000);
        assertThat(analysis.seconds().stream().filter(s -> s.second() >= 17 && s.second() < 24)
                .map(SecondStats::all).filter(p -> p != null).mapToDouble(p -> p.maxMs()).max().orElse(0))
                .as("the slowest request sent while the pod was frozen").isGreaterThan(1500);

        // host.jsonl: a line a second with our processes' run-queue wait
        List<JsonNode> host = RunRecords.lines(runDir.resolve("host.jsonl"));
        assertThat(host.get(0).path("format").asText()).isEqualTo("saleday.host");
        assertThat(host.size() - 1).isGreaterThanOrEqualTo(19);
        assertThat(host.stream().skip(1)).allMatch(l -> l.path("injector").path("waitMsPerS").isNumber());
        assertThat(host.stream().skip(1)).anyMatch(l -> l.path("pods").size() == 2
                && l.path("pods").get(0).path("limitMillicores").asLong() == 300);
        // and each CPU's speed: a reading of every CPU from the seconds after the probe's own warm-up
        int cores = host.get(0).path("cores").asInt();
        assertThat(host.stream().skip(5)).allSatisfy(l -> assertThat(l.path("cpuProbeUs")).hasSize(cores)
                .allMatch(JsonNode::isNumber));

        assertApiOutage(runDir, verdict, analysis);
    }

    /** The API server out from 2 s to 14 s of the load: what goes on, what the timeline says, what is undone. */
    private static void assertApiOutage(Path runDir, JsonNode verdict, RunAnalysis analysis) {
        long applied = RunRecords.chaos(runDir, "api-down", "applied").get(0).path("t").asLong();
        long ended = RunRecords.chaos(runDir, "api-down", "undone").get(0).path("t").asLong();
        assertThat(ended - applied).as("the outage's undo is its end").isBetween(11_000L, 18_000L);
        List<JsonNode> timeline = RunRecords.lines(runDir.resolve("timeline.jsonl"));
        JsonNode gapStart = timeline.stream().filter(l -> l.path("kind").asText().equals("gap")
                && l.path("event").asText().equals("start")).findFirst().orElseThrow();
        JsonNode gapEnd = timeline.stream().filter(l -> l.path("kind").asText().equals("gap")
                && l.path("event").asText().equals("end")).findFirst().orElseThrow();
        assertThat(gapStart.path("t").asLong()).as("the gap opens with the outage").isBetween(applied - 1000,
                applied + 3000);
        assertThat(gapEnd.path("t").asLong() - ended).as("and closes once the watches are back, a second or two after"
                + " the API server").isBetween(-2000L, 4000L);
        // hpa-max's undo, after the outage, changes the HPA: the recorder's watches saw it
        assertThat(timeline.stream().filter(l -> l.path("t").asLong() > gapEnd.path("t").asLong()
                && List.of("pod", "deployment", "replicaset", "endpoints", "hpa").contains(l.path("kind").asText())))
                .as("the recorder resumes after the gap").isNotEmpty();
        // the fault applied before the outage is still undone at the end, after it
        List<JsonNode> patchUndone = RunRecords.chaos(runDir, "hpa-max", "undone");
        assertThat(RunRecords.chaos(runDir, "hpa-max", "applied").get(0).path("t").asLong()).isLessThan(applied);
        assertThat(patchUndone).hasSize(1);
        assertThat(patchUndone.get(0).path("t").asLong()).isGreaterThan(ended);
        assertThat(RunRecords.lines(runDir.resolve("journal.jsonl")).stream()
                .filter(l -> "undone".equals(l.path("event").asText()))).hasSize(2);
        // the load and the prober went on through the outage (the injector's own freeze is at 8-10 s)
        List<SecondStats> during = analysis.seconds().stream().filter(s -> s.second() >= 4 && s.second() <= 7)
                .toList();
        assertThat(during).hasSize(4).allMatch(s -> s.successful() > 0 && s.probeSent() > 0);
        JsonNode gaps = check(verdict, "validity.timelineGaps");
        assertThat(gaps.path("passed").asBoolean()).as(gaps.toString()).isTrue();
        assertThat(gaps.path("measured").asDouble()).as(gaps.toString()).isBetween(9.0, 17.0);
        for (String file : List.of("plan.yaml", "run.json", "injector.jsonl", "answers.jsonl", "probe.jsonl",
                "timeline.jsonl", "journal.jsonl", "verdict.json", "summary.md", "junit.xml", "report/index.html")) {
            assertThat(runDir.resolve(file)).as(file).isNotEmptyFile();
        }
    }

    @Test
    void aRunKilledMidLoadIsJudgedOnWhatItRecordedAndNoMore(@TempDir Path tmp) throws Exception {
        Path planFile = tmp.resolve("killed.yaml");
        Files.writeString(planFile, """
                apiVersion: saleday/v1
                kind: GameDay
                metadata: {name: killed}
                target:
                  cluster: local
                  namespace: shop
                  deployment: recommendation
                  service: recommendation-service
                  manifests: %s
                traffic:
                  phases:
                    - {name: warm, duration: 4s, rate: 20}
                    - {name: peak, duration: 12s, rate: 40}
                    - {name: drop, duration: 10s, rate: 20}
                slo:
                  latency: [{phase: peak, p99: 10s}, {phase: drop, p99: 10s}]
                """.formatted(LocalPlans.LOCAL_OVERLAY));
        Path runDir = tmp.resolve("run");
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve("out.txt"), "run", planFile.toString(),
                "--out", runDir.toString())) {
            Signals.awaitLoadSecond(saleday, 10, Duration.ofMinutes(3));
            Signals.signal("KILL", saleday.pid()); // mid-peak, as kill -9 does: no teardown, no end in run.json
            assertThat(saleday.waitFor(Duration.ofSeconds(30))).isEqualTo(137);
        }

        java.io.StringWriter out = new java.io.StringWriter();
        int exit = dev.saleday.cli.Saleday.execute(new java.io.PrintWriter(out),
                new java.io.PrintWriter(new java.io.StringWriter()), "analyze", runDir.toString());
        assertThat(exit).as(out.toString()).isEqualTo(2);
        assertThat(out.toString()).contains("verdict: INVALID (", "incomplete").containsPattern(
                "reason: incomplete: the records end 0:(0[5-9]|1[0-9]|2[0-2]) into the load");
        JsonNode verdict = RunRecords.json(runDir.resolve("verdict.json"));
        assertThat(verdict.path("invalidBy").toString()).contains("incomplete");
        assertThat(check(verdict, "validity.injectionLag").path("measured").asDouble()).as("no invented lag")
                .isLessThan(1.0);
        assertThat(check(verdict, "validity.achievedRate").path("measured").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(check(verdict, "latency.drop.p99").path("reached").asBoolean(true)).as("drop: not reached")
                .isFalse();
        assertThat(check(verdict, "latency.peak.p99").path("passed").asBoolean()).isTrue();
    }

    private static JsonNode check(JsonNode verdict, String name) {
        return StreamSupport.stream(verdict.path("checks").spliterator(), false)
                .filter(c -> c.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    /** @return the CPU HotSpot's C2 compiler thread of {@code pid} has taken, ms (its /proc task stat) */
    static long c2CompilerCpuMs(long pid) throws java.io.IOException {
        long ticks = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C2 CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            }
        }
        return ticks * 1000 / dev.saleday.simulations.host.ProcFs.TICKS_PER_SECOND;
    }
}
