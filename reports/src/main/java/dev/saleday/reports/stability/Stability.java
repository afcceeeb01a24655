package dev.saleday.reports.stability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saleday.reports.analysis.Median;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How stable a plan's verdict is on this machine, from the verdicts of N runs of it ({@code saleday run PLAN
 * --repeat N}): per check, the min, median and max of the measured value and the margin of each to the bound, and
 * whether the spread crosses the bound (flaky at this scale). Pure: verdicts in, a table out.
 */
public final class Stability {

    public static final String JSON_FILE = "stability.json";
    public static final String MARKDOWN_FILE = "stability.md";

    /**
     * One check over the runs.
     *
     * @param measured   the measured values of the runs that measured it, in run order
     * @param passed     how many runs passed it
     * @param runs       how many runs judged it (reached)
     * @param minMargin  the smallest margin to the bound, in the check's unit (negative: beyond it)
     * @param flaky      some runs passed it and some failed it
     */
    public record Row(String name, String unit, String comparison, double threshold, List<Double> measured,
                      int passed, int runs, double min, double median, double max, double minMargin,
                      boolean flaky) {
    }

    /**
     * @param verdicts  every run's verdict, in run order
     * @param outcomes  PASS / FAIL / INVALID of each run
     * @param rows      each check, in the first verdict's order
     * @param peaks     the host during each run's peak (runs without host.jsonl left out)
     */
    public record Table(List<String> outcomes, List<Row> rows, List<PeakHost> peaks) {
        public Table {
            outcomes = List.copyOf(outcomes);
            rows = List.copyOf(rows);
            peaks = List.copyOf(peaks);
        }

        public Table(List<String> outcomes, List<Row> rows) {
            this(outcomes, rows, List.of());
        }

        /** @return this table with the host during each run's peak */
        public Table withPeaks(List<PeakHost> newPeaks) {
            return new Table(outcomes, rows, newPeaks);
        }
    }

    private Stability() {
    }

    public static Table of(List<Verdict> verdicts) {
        Map<String, List<Check>> byName = new LinkedHashMap<>();
        List<String> outcomes = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            outcomes.add(verdict.headline());
            for (Check check : verdict.checks()) {
                byName.computeIfAbsent(check.name(), n -> new ArrayList<>()).add(check);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Check>> entry : byName.entrySet()) {
            List<Check> checks = entry.getValue().stream().filter(Check::reached).toList();
            Check first = entry.getValue().get(0);
            List<Double> measured = checks.stream().map(Check::measured).filter(Double::isFinite).toList();
            List<Double> sorted = measured.stream().sorted().toList();
            int passed = (int) checks.stream().filter(Check::passed).count();
            double min = sorted.isEmpty() ? Double.NaN : sorted.get(0);
            double max = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
            double median = Median.of(sorted);
            // the margin: how far the worst run stayed inside the bound (<=: threshold - max; >=: min - threshold)
            double worst = first.comparison().symbol().equals("<=") ? max : min;
            double margin = Double.isNaN(worst) ? Double.NaN : first.comparison().symbol().equals("<=")
                    ? first.threshold() - worst : worst - first.threshold();
            rows.add(new Row(entry.getKey(), first.unit(), first.comparison().symbol(), first.threshold(), measured,
                    passed, checks.size(), min, median, max, margin, passed > 0 && passed < checks.size()));
        }
        return new Table(outcomes, rows);
    }

    public static String markdown(Table table) {
        StringBuilder md = new StringBuilder("# Stability over ").append(table.outcomes().size()).append(" runs\n\n");
        md.append("Verdicts: ").append(String.join(", ", table.outcomes())).append("\n\n");
        md.append("| check | passed | min | median | max | bound | worst margin | |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : table.rows()) {
            md.append(String.format(Locale.ROOT, "| `%s` | %d/%d | %s | %s | %s | %s %s %s | %s | %s |%n",
                    row.name(), row.passed(), row.runs(), num(row.min()), num(row.median()), num(row.max()),
                    row.comparison(), num(row.threshold()), row.unit(), num(row.minMargin()),
                    row.flaky() ? "**flaky at this scale**" : ""));
        }
        if (!table.peaks().isEmpty()) {
            md.append("\n## The host at the peak (phase `").append(table.peaks().get(0).phase())
                    .append("`, medians over its seconds, from host.jsonl)\n\n");
            md.append("| run | injector CPU wait | pods' CPU wait | other work at our priority | host busy |\n");
            md.append("|---|---|---|---|---|\n");
            for (PeakHost peak : table.peaks()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", peak.run(),
                        figure(peak.injectorWaitMsPerS(), 1, "%.0f ms/s"), figure(peak.podsWaitFraction(), 100,
                                "%.0f %%"), figure(peak.contendingCpuMsPerS(), 0.001, "%.2f CPUs"),
                        figure(peak.cpuBusy(), 100, "%.0f %%")));
            }
        }
        return md.toString();
    }

    /** Writes stability.json and stability.md into {@code dir}. */
    public static void write(Table table, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", "saleday.stability");
        json.put("version", 1);
        json.put("runs", table.outcomes().size());
        json.put("verdicts", table.outcomes());
        json.put("checks", table.rows());
        json.put("hostAtPeak", table.peaks());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve(JSON_FILE).toFile(), json);
        Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(table), StandardCharsets.UTF_8);
    }

    private static String figure(Double value, double factor, String format) {
        return value == null ? "n/a" : String.format(Locale.ROOT, format, value * factor);
    }

    private static String num(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3g", value);
    }
}
