package dev.saleday.reports.render;

import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Verdict;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time of each renderer on the sample run (270 s of load, 6 checks), warm, as the median of N rounds:
 * {@code RenderBench [ROUNDS]}. Thread CPU time, not wall time, so a busy machine does not skew it. Not a test.
 */
final class RenderBench {

    private RenderBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        Verdict verdict = SampleRun.failingVerdict(analysis);
        Path dir = Files.createTempDirectory("render-bench");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        String[] names = {"html page", "5 chart PNGs", "allure results", "junit.xml", "summary.md"};
        long[][] nanos = new long[names.length][rounds];
        int pageChars = 0;
        for (int round = 0; round < rounds; round++) {
            long t = cpu.getCurrentThreadCpuTime();
            pageChars = HtmlReport.page(analysis, verdict, null).length();
            nanos[0][round] = cpu.getCurrentThreadCpuTime() - t;
            t = cpu.getCurrentThreadCpuTime();
            ChartFrame frame = TimeCharts.frame(analysis);
            for (TimeChart chart : TimeCharts.all(analysis)) {
                ChartImages.png(chart, frame);
            }
            nanos[1][round] = cpu.getCurrentThreadCpuTime() - t;
            t = cpu.getCurrentThreadCpuTime();
            AllureResults.write(dir.resolve("allure-results"), analysis, verdict);
            nanos[2][round] = cpu.getCurrentThreadCpuTime() - t;
            t = cpu.getCurrentThreadCpuTime();
            JUnitXml.xml(analysis, verdict);
            nanos[3][round] = cpu.getCurrentThreadCpuTime() - t;
            t = cpu.getCurrentThreadCpuTime();
            MarkdownSummary.markdown(analysis, verdict);
            nanos[4][round] = cpu.getCurrentThreadCpuTime() - t;
        }
        for (int i = 0; i < names.length; i++) {
            long[] sorted = nanos[i].clone();
            java.util.Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%-16s first %8.1f ms   median %8.1f ms CPU%n", names[i], nanos[i][0] / 1e6,
                    sorted[rounds / 2] / 1e6);
        }
        System.out.printf(Locale.ROOT, "page size %d chars (ECharts %d)%n", pageChars,
                EChartsLibrary.get().script().length());
    }
}
