package dev.saleday.reports.render;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the sample run's HTML page and a screenshot of it: {@code WriteSampleReport OUT_DIR}. */
final class WriteSampleReport {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        var analysis = SampleRun.analysis(SampleRun.PLAN);
        var verdict = SampleRun.failingVerdict(analysis);
        Path page = out.resolve("index.html");
        Files.writeString(page, HtmlReport.page(analysis, verdict, "apiVersion: saleday/v1\nkind: GameDay\n"));
        var frame = TimeCharts.frame(analysis);
        for (var chart : TimeCharts.all(analysis)) {
            Files.write(out.resolve(chart.id() + ".png"), ChartImages.png(chart, frame));
        }
        var chromium = HeadlessChromium.find().orElseThrow();
        var shot = chromium.screenshot(page, out.resolve("shot.png"), 1400, Integer.parseInt(args.length > 1 ? args[1] : "2400"));
        System.out.println(shot.exitCode() + " " + shot.consoleLines());
        var dom = chromium.dumpDom(page);
        System.out.println(dom.consoleLines());
        System.out.println(dom.dom().substring(0, 200));
    }
}
