package dev.saleday.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.records.HostSample;
import dev.saleday.records.RunRecords;
import dev.saleday.reports.analysis.HostStarvation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark of docs/perf/local-jit.md: for each run directory, from host.jsonl over the load, the saleday
 * process's CPU (the injector with the embedded cluster it hosts) and the pods', their sum at its busiest 3 s, the
 * seconds validity.hostHeadroom counts as starved by saleday's own load, and the verdict.
 *
 * <pre>java -cp cli/target/test-classes:cli/target/saleday.jar dev.saleday.cli.bench.OwnLoad RUN_DIR...</pre>
 */
public final class OwnLoad {

    private OwnLoad() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| run | verdict | saleday process, CPU ms/s | pods, CPU ms/s | both, busiest 3 s | host busy"
                + " | seconds starved by own load |");
        System.out.println("|---|---|---|---|---|---|---|");
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
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.0f %% | %d of %d |",
                    runDir.getFileName(), verdict, process, pods, busiest, busy * 100, ownLoad, host.size()));
        }
    }

    private static double podsCpu(HostSample second) {
        return second.pods().stream().mapToDouble(p -> p.cpuMsPerS() == null ? 0 : p.cpuMsPerS()).sum();
    }

    private static double mean(List<Double> values) {
        return values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
