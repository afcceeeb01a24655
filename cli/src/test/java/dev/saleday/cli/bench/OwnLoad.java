package dev.saleday.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.records.HostSample;
import dev.saleday.records.RunRecords;
import dev.saleday.reports.analysis.HostStarvation;
import java.nio.file.Path;
import dev.saleday.records.TimelineEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmarks of docs/perf/local-jit.md and docs/perf/kernel-cpu-limits.md: for each run directory, from host.jsonl over the load, the saleday
 * process's CPU (the injector with the embedded cluster it hosts) and the pods', their sum at its busiest 3 s, the
 * seconds the host was at least 95 % busy, those validity.hostHeadroom counts as starved by saleday's own load, the
 * pods' times from created to ready (timeline.jsonl), and the verdict.
 *
 * <pre>java -cp cli/target/test-classes:cli/target/saleday.jar dev.saleday.cli.bench.OwnLoad RUN_DIR...</pre>
 */
public final class OwnLoad {

    private OwnLoad() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| run | verdict | saleday process, CPU ms/s | pods, CPU ms/s | both, busiest 3 s | host busy"
                + " | seconds host >= 95 % busy | seconds starved by own load | pods created -> ready, s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String arg : args) {
            Path runDir = Path.of(arg);
            Plan plan = PlanParser.parse(runDir.resolve("plan.yaml"));
            RunRecords records = RunRecords.load(runDir);
            List<HostSample> host = records.host();
            double process = mean(host.stream().map(s -> s.injector() == null ? null : s.injector().cpuMsPerS())
                    .toList());
            double pods = mean(host.stream().map(OwnLoad::podsCpu).toList());
            double busy = mean(host.stream().map(HostSample::cpuBusy).toList());
            double busiest = 0;
            for (int i = 0; i + 3 <= host.size(); i++) {
                double sum = 0;
                for (HostSample second : host.subList(i, i + 3)) {
                    Double own = HostStarvation.ownCpu(second);
                    sum += own == null ? 0 : own;
                }
                busiest = Math.max(busiest, sum / 3);
            }
            long ownLoad = plan.slo().hostHeadroom() == null ? 0
                    : HostStarvation.causes(host, records.hostCores(), plan.slo().hostHeadroom()).stream()
                    .filter(c -> c == HostStarvation.Cause.OWN_LOAD).count();
            String verdict = new ObjectMapper().readTree(runDir.resolve("verdict.json").toFile()).path("verdict")
                    .asText("?");
            long saturated = host.stream().filter(s -> s.cpuBusy() != null && s.cpuBusy() >= 0.95).count();
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.0f %% | %d | %d of %d | %s |",
                    runDir.getFileName(), verdict, process, pods, busiest, busy * 100, saturated, ownLoad, host.size(),
                    startToReady(records.timeline())));
        }
    }

    /** @return the range of the pods' times from created to first ready, e.g. {@code 3.1-3.4 (9 pods)} */
    private static String startToReady(List<TimelineEvent> timeline) {
        Map<String, Long> created = new HashMap<>();
        List<Double> seconds = new ArrayList<>();
        for (TimelineEvent event : timeline) {
            if (!"pod".equals(event.kind()) || event.text("pod") == null) {
                continue;
            }
            if ("created".equals(event.event())) {
                created.put(event.text("pod"), event.tMs());
            } else if ("ready".equals(event.event()) && created.containsKey(event.text("pod"))) {
                seconds.add((event.tMs() - created.remove(event.text("pod"))) / 1000.0);
            }
        }
        // pods ready before the recorder saw them show created and ready together: not a start
        List<Double> starts = seconds.stream().filter(s -> s > 0.5).sorted().toList();
        return starts.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f-%.1f (%d pods)", starts.get(0),
                starts.get(starts.size() - 1), starts.size());
    }

    private static double podsCpu(HostSample second) {
        return second.pods().stream().mapToDouble(p -> p.cpuMsPerS() == null ? 0 : p.cpuMsPerS()).sum();
    }

    private static double mean(List<Double> values) {
        return values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
