package dev.saleday.plan;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a {@code saleday/v1} plan file into a {@link Plan}, validating the whole plan first: every problem is
 * collected (with file, line and column) and thrown at once in a {@link PlanException}. The Plan returned is
 * complete: every default is filled in, relative paths are resolved against the plan file's folder.
 */
public final class PlanParser {

    static final List<String> TOP_KEYS =
            List.of("apiVersion", "kind", "metadata", "target", "traffic", "chaos", "guards", "slo", "report", "observe");
    /** A plan's and a Kubernetes object's name: lowercase letters, digits, '-' and '.'. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private PlanParser() {
    }

    /** Reads and validates a plan file; relative paths in it are resolved against its folder. */
    public static Plan parse(Path file) throws PlanException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlanException(List.of(new PlanProblem(file.toString(), 0, 0, "",
                    "cannot read the plan file: " + e.getMessage())));
        }
        Path folder = file.toAbsolutePath().normalize().getParent();
        return parse(text, file.toString(), folder);
    }

    /** Reads and validates plan text; {@code displayName} names it in problems; paths resolve against the cwd. */
    public static Plan parse(String text, String displayName) throws PlanException {
        return parse(text, displayName, Path.of("").toAbsolutePath());
    }

    /** Reads and validates plan text; relative paths in it are resolved against {@code baseFolder}. */
    public static Plan parse(String text, String displayName, Path baseFolder) throws PlanException {
        Problems problems = new Problems(displayName);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by YamlMap with both places
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            problems.add(e.getProblemMark(), "", "not valid YAML: " + e.getProblem());
            throw new PlanException(problems.list());
        } catch (YAMLException e) {
            problems.add((org.yaml.snakeyaml.error.Mark) null, "", "not valid YAML: " + e.getMessage());
            throw new PlanException(problems.list());
        }
        if (root == null) {
            problems.add((org.yaml.snakeyaml.error.Mark) null, "",
                    "the plan is empty; expected 'apiVersion: " + Plan.API_VERSION + "', 'kind: " + Plan.KIND
                            + "', metadata, target, traffic, ...");
            throw new PlanException(problems.list());
        }
        Optional<YamlMap> top = YamlMap.open(root, "", problems, TOP_KEYS);
        if (top.isEmpty()) {
            throw new PlanException(problems.list());
        }
        Plan plan = new PlanParser.Reading(top.get(), baseFolder).plan();
        if (!problems.isEmpty() || plan == null) {
            throw new PlanException(problems.list());
        }
        return plan;
    }

    static Set<String> orderedSet(String... keys) {
        return new java.util.LinkedHashSet<>(List.of(keys));
    }

    /** One reading of one file: the parts in the order later parts need them. */
    private static final class Reading {
        private final YamlMap top;
        private final Path baseFolder;

        Reading(YamlMap top, Path baseFolder) {
            this.top = top;
            this.baseFolder = baseFolder;
        }

        Plan plan() {
            header();
            String name = metadata();
            Target target = new TargetParser(top, baseFolder).target();
            Traffic traffic = new TrafficParser(top).traffic();
            FaultParser faultParser = new FaultParser(top, target, traffic);
            List<Fault> faults = faultParser.faults();
            Guards guards = new GuardsParser(top).guards(target, faults);
            SloParser sloParser = new SloParser(top, traffic, faults, faultParser.names());
            Slo slo = sloParser.slo();
            ReportSettings report = sloParser.report(baseFolder);
            Observe observe = new ObserveParser(top).observe();
            if (name == null || target == null || traffic == null || guards == null
                    || slo == null || report == null || observe == null) {
                return null;
            }
            return new Plan(name, target, traffic, faults, guards, slo, report, observe);
        }

        private void header() {
            String apiVersion = top.required("apiVersion", "apiVersion: " + Plan.API_VERSION, Scalars::string);
            if (apiVersion != null && !apiVersion.equals(Plan.API_VERSION)) {
                top.problem("apiVersion", "expected " + Plan.API_VERSION + ", got '" + apiVersion + "'");
            }
            String kind = top.required("kind", "kind: " + Plan.KIND, Scalars::string);
            if (kind != null && !kind.equals(Plan.KIND)) {
                top.problem("kind", "expected " + Plan.KIND + ", got '" + kind + "'");
            }
        }

        private String metadata() {
            if (!top.has("metadata")) {
                top.missing("metadata", "metadata: {name: my-game-day}");
                return null;
            }
            Optional<YamlMap> metadata = top.map("metadata", List.of("name", "description"));
            if (metadata.isEmpty()) {
                return null;
            }
            String name = metadata.get().required("name", "the plan's name, e.g. big-billion-day", Scalars::string);
            if (name != null && (!NAME.matcher(name).matches() || name.length() > 63)) {
                metadata.get().problem("name", "expected a name of lowercase letters, digits, '-' and '.' (it names"
                        + " the run directory), got '" + name + "'");
                return null;
            }
            metadata.get().string("description");
            return name;
        }
    }

    static String fmt(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
