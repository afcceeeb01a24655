package dev.saleday.reports.render;

import dev.saleday.reports.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes every output of the sample run into a folder, for looking at them (and for docs/report-screenshot.png):
 * {@code WriteSampleReport OUT_DIR [SCREENSHOT_HEIGHT_PX]}. Not a test.
 */
final class WriteSampleReport {

    private WriteSampleReport() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        var analysis = SampleRun.analysis(SampleRun.PLAN);
        var verdict = SampleRun.failingVerdict(analysis);
        Files.writeString(out.resolve("plan.yaml"), SAMPLE_PLAN);
        System.out.println("problems: " + Outputs.writeAll(out, analysis, verdict));
        var frame = TimeCharts.frame(analysis);
        for (var chart : TimeCharts.all(analysis)) {
            Files.write(out.resolve(chart.id() + ".png"), ChartImages.png(chart, frame));
        }
        int height = args.length > 1 ? Integer.parseInt(args[1]) : 2400;
        var chromium = HeadlessChromium.find().orElseThrow();
        var shot = chromium.open(out.resolve(HtmlReport.FILE), out.resolve("screenshot.png"), 1400, height);
        System.out.println("screenshot exit " + shot.exitCode() + ", console " + shot.consoleLines());
    }

    static final String SAMPLE_PLAN = """
            apiVersion: saleday/v1
            kind: GameDay
            metadata: {name: big-billion-day}
            target: {cluster: local, namespace: shop, deployment: recommendation}
            traffic:
              scale: 0.004
              phases:
                - {name: baseline,  duration: 60s,  rate: 10000}
                - {name: pre-sale,  duration: 30s,  rampTo: 100000}
                - {name: peak,      duration: 120s, rate: 100000}
                - {name: post-sale, duration: 60s,  rampTo: 15000}
            chaos:
              - {name: kill-30pc,    at: peak+20s, action: pod-kill, selector: app=recommendation, count: 30%}
              - {name: release-v1.1, at: peak+60s, action: rollout, container: model, image: saleday/recommendation:v1.1}
            slo:
              latency: [{phase: baseline, p99: 200ms}, {phase: peak, p99: 50ms}]
              errors: {rate: 0.5%}
              zeroDowntime: [{fault: kill-30pc, maxFailed: 50}]
              scaleUp: {after: pre-sale, replicas: 8, within: 90s}
            """;
}
