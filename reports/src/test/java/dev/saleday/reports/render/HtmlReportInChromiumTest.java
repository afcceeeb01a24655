package dev.saleday.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.saleday.reports.analysis.RunAnalysis;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report as a person opens it: in a real browser, offline, with no console errors and charts drawn. */
class HtmlReportInChromiumTest {

    private static HeadlessChromium chromium;
    /** The sample run's page, with a script in its plan name, opened once: DOM, log and screenshot. */
    private static HeadlessChromium.Result result;
    private static Path png;
    private static int charts;

    @BeforeAll
    static void openTheReport(@TempDir Path runDir) throws Exception {
        Optional<HeadlessChromium> found = HeadlessChromium.find();
        assumeTrue(found.isPresent(), "chromium is not installed (Debian: apt-get install chromium); CI installs it,"
                + " so this test is skipped only on a machine without it");
        chromium = found.get();
        RunAnalysis analysis = SampleRun.analysis(HtmlReportTest.HOSTILE_PLAN);
        charts = TimeCharts.all(analysis).size();
        new HtmlReport().render(runDir, analysis, SampleRun.failingVerdict(analysis));
        png = runDir.resolve("screenshot.png");
        result = chromium.open(runDir.resolve(HtmlReport.FILE), png, 1400, 2400);
    }

    @Test
    void opensWithoutConsoleErrorsDrawsEveryChartAndRunsNoInjectedScript() {
        assertThat(result.consoleLines()).as("console output of the page").isEmpty();
        String dom = result.dom();
        String rendered = "data-charts-rendered=\"" + charts + "\"";
        assertThat(dom.contains(rendered)).as("<html " + rendered + ">").isTrue();
        // ECharts' SVG renderer put an <svg> in each chart box.
        assertThat(dom.split("<svg", -1).length - 1).as("svg elements").isGreaterThanOrEqualTo(charts);
        // The plan name's script, had it run, would have set this attribute on <html>.
        assertThat(dom.contains("data-pwned=\"1\"")).as("injected script ran").isFalse();
        assertThat(dom.contains("&lt;script&gt;document.documentElement")).as("plan name shown as text").isTrue();
    }

    @Test
    void screenshotShowsChartsNotABlankPage() throws Exception {
        assertThat(png).as("screenshot; chromium log:\n" + result.log()).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        // The charts start below the verdict, the check table and the key numbers.
        BufferedImage charts = image.getSubimage(0, 1000, image.getWidth(), image.getHeight() - 1000);
        assertThat(distinctColours(charts)).as("distinct colours in the chart area").isGreaterThan(300);
        // The p99 line's red, the throughput's green, the p50's blue are all drawn.
        assertThat(pixelsNear(charts, 0xc0392b)).as("red pixels").isGreaterThan(500);
        assertThat(pixelsNear(charts, 0x27916b)).as("green pixels").isGreaterThan(500);
        assertThat(pixelsNear(charts, 0x2f6fb5)).as("blue pixels").isGreaterThan(500);
        // The verdict banner is the FAIL red, at the top.
        assertThat(pixelsNear(image.getSubimage(0, 0, image.getWidth(), 250), 0xb42318)).isGreaterThan(20_000);
    }

    @Test
    void detectsAPageThatThrows(@TempDir Path dir) throws Exception {
        // The console check above must be able to fail: a broken page is seen as broken.
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><script>throw new Error('broken-page');</script></body></html>");

        HeadlessChromium.Result result = chromium.dumpDom(page);

        assertThat(result.consoleLines()).anyMatch(line -> line.contains("broken-page"));
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    static long pixelsNear(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= 24
                        && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 24
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= 24) {
                    count++;
                }
            }
        }
        return count;
    }
}
