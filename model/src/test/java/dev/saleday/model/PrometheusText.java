package dev.saleday.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must be a HELP, a TYPE,
 * a comment or a sample; a family's TYPE comes once and before its samples; series are unique; histograms have
 * cumulative buckets ending in {@code le="+Inf"} equal to {@code _count}. Violations throw with the line number.
 */
final class PrometheusText {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? "
                    + "([+-]?(?:Inf|NaN|[0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\\.[0-9]+(?:[eE][+-]?[0-9]+)?))(?: -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {
    }

    static List<Sample> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("exposition must end with a newline");
        }
        Map<String, String> types = new HashMap<>();
        Set<String> familiesWithSamples = new HashSet<>();
        Set<String> series = new HashSet<>();
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                String family = type.group(1);
                if (types.put(family, type.group(2)) != null) {
                    throw new AssertionError("line " + number + ": second TYPE for " + family);
                }
                if (familiesWithSamples.contains(family)) {
                    throw new AssertionError("line " + number + ": TYPE for " + family + " after its samples");
                }
                continue;
            }
            if (HELP.matcher(line).matches() || line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                    throw new AssertionError("line " + number + ": malformed HELP/TYPE: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("line " + number + ": not a sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    if (labels.put(label.group(1), label.group(2)) != null) {
                        throw new AssertionError("line " + number + ": label " + label.group(1) + " twice");
                    }
                }
            }
            String name = sample.group(1);
            if (!series.add(name + labels)) {
                throw new AssertionError("line " + number + ": duplicate series " + name + labels);
            }
            familiesWithSamples.add(family(name, types));
            samples.add(new Sample(name, labels, parseValue(sample.group(3))));
        }
        checkHistograms(types, samples);
        return samples;
    }

    private static String family(String name, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return name;
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }

    private static void checkHistograms(Map<String, String> types, List<Sample> samples) {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            double previous = -1;
            double previousLe = Double.NEGATIVE_INFINITY;
            Double infinity = null;
            Double count = null;
            for (Sample sample : samples) {
                if (sample.name().equals(family + "_bucket")) {
                    String le = sample.labels().get("le");
                    if (le == null) {
                        throw new AssertionError(family + "_bucket without le label");
                    }
                    double bound = parseValue(le);
                    if (bound <= previousLe || sample.value() < previous) {
                        throw new AssertionError(family + " buckets not cumulative in le order at le=" + le);
                    }
                    previousLe = bound;
                    previous = sample.value();
                    if (bound == Double.POSITIVE_INFINITY) {
                        infinity = sample.value();
                    }
                } else if (sample.name().equals(family + "_count")) {
                    count = sample.value();
                }
            }
            if (infinity == null || !infinity.equals(count)) {
                throw new AssertionError(family + ": le=\"+Inf\" bucket " + infinity + " must equal _count " + count);
            }
        });
    }

    static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .mapToDouble(Sample::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels));
    }
}
