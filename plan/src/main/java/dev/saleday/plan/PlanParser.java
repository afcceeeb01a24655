package dev.saleday.plan;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
            List.of("apiVersion", "kind", "metadata", "target", "traffic", "chaos", "guards", "slo", "report");
    static final Set<String> TARGET_KEYS = orderedSet("cluster", "namespace", "deployment", "container", "service",
            "manifests", "kubeconfig", "context", "url");
    static final Set<String> TRAFFIC_KEYS = orderedSet("scale", "users", "kMix", "seed", "requestTimeout", "connections",
            "phases");
    static final Set<String> GUARD_KEYS =
            orderedSet("allowNamespaces", "allowContexts", "maxPodsKilled", "allowBelowPdb", "abortWhen");

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

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
        private final Problems problems;
        private final Path baseFolder;

        Reading(YamlMap top, Path baseFolder) {
            this.top = top;
            this.problems = top.problems();
            this.baseFolder = baseFolder;
        }

        Plan plan() {
            header();
            String name = metadata();
            Target target = target();
            Traffic traffic = traffic();
            FaultParser faultParser = new FaultParser(top, target, traffic);
            List<Fault> faults = faultParser.faults();
            Guards guards = guards(target, faults);
            SloParser sloParser = new SloParser(top, traffic, faults, faultParser.names());
            Slo slo = sloParser.slo();
            ReportSettings report = sloParser.report(baseFolder);
            if (name == null || target == null || traffic == null || guards == null
                    || slo == null || report == null) {
                return null;
            }
            return new Plan(name, target, traffic, faults, guards, slo, report);
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

        private Target target() {
            if (!top.has("target")) {
                top.missing("target", "where the model runs: cluster, namespace, deployment, service");
                return null;
            }
            Optional<YamlMap> opened = top.map("target", TARGET_KEYS);
            if (opened.isEmpty()) {
                return null;
            }
            YamlMap map = opened.get();
            Target.ClusterKind cluster = Target.ClusterKind.LOCAL;
            String clusterText = map.string("cluster");
            if (clusterText != null) {
                switch (clusterText) {
                    case "local" -> cluster = Target.ClusterKind.LOCAL;
                    case "kubeconfig" -> cluster = Target.ClusterKind.KUBECONFIG;
                    default -> {
                        map.problem("cluster", "expected local or kubeconfig, got '" + clusterText + "'");
                        cluster = null;
                    }
                }
            }
            String namespace = kubeName(map, "namespace", true);
            String deployment = kubeName(map, "deployment", true);
            String service = kubeName(map, "service", true);
            String container = kubeName(map, "container", false);
            String manifests = map.string("manifests");
            String kubeconfig = map.string("kubeconfig");
            String context = map.string("context");
            URI url = map.read("url", PlanParser::httpUrl);
            if (cluster == Target.ClusterKind.LOCAL) {
                for (String only : List.of("kubeconfig", "context")) {
                    if (map.has(only)) {
                        map.problem(only, "only for 'cluster: kubeconfig'; the local cluster has its own");
                    }
                }
                if (manifests == null && !map.has("manifests")) {
                    map.missing("manifests", "a kustomize folder or YAML file to apply to the local cluster");
                } else if (manifests != null) {
                    Path resolved = resolve(manifests);
                    if (!Files.exists(resolved)) {
                        map.problem("manifests", "expected an existing kustomize folder or YAML file, '" + resolved
                                + "' does not exist");
                    }
                    manifests = resolved.toString();
                }
            } else if (cluster == Target.ClusterKind.KUBECONFIG) {
                if (map.has("manifests")) {
                    map.problem("manifests", "only for 'cluster: local'; a kubeconfig target must already run"
                            + " the model (apply k8s/ yourself)");
                }
                if (kubeconfig != null) {
                    kubeconfig = resolve(kubeconfig).toString();
                }
            }
            if (cluster == null || namespace == null || deployment == null || service == null
                    || problemsIn(map)) {
                return null;
            }
            return new Target(cluster, namespace, deployment, container == null ? PlanDefaults.CONTAINER : container,
                    service, manifests, kubeconfig, context, url);
        }

        private boolean problemsIn(YamlMap map) {
            return problems.list().stream().anyMatch(p -> p.path().startsWith(map.path()));
        }

        private Path resolve(String path) {
            String expanded = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
            return baseFolder.resolve(expanded).normalize();
        }

        private Traffic traffic() {
            if (!top.has("traffic")) {
                top.missing("traffic", "the load: phases with durations and rates");
                return null;
            }
            Optional<YamlMap> opened = top.map("traffic", TRAFFIC_KEYS);
            if (opened.isEmpty()) {
                return null;
            }
            YamlMap map = opened.get();
            Double scale = map.number("scale");
            if (scale != null && !(scale > 0)) {
                map.problem("scale", "expected a scale > 0, got " + fmt(scale));
            }
            Long seed = map.integer("seed");
            Duration timeout = map.duration("requestTimeout");
            if (timeout != null && timeout.isZero()) {
                map.problem("requestTimeout", "expected a duration > 0");
            }
            Traffic.Users users = users(map);
            List<Traffic.KWeight> kMix = kMix(map);
            Traffic.Connections connections = connections(map);
            List<Phase> phases = phases(map);
            // returned even with problems, so faults and SLOs can still be checked against the phase names; the
            // plan as a whole is refused when any problem was found
            return new Traffic(scale == null ? PlanDefaults.SCALE : scale, users, kMix, seed == null ? PlanDefaults.SEED : seed,
                    timeout == null ? PlanDefaults.REQUEST_TIMEOUT : timeout, phases, connections);
        }

        private Traffic.Connections connections(YamlMap traffic) {
            String text = traffic.string("connections");
            if (text == null) {
                return PlanDefaults.CONNECTIONS;
            }
            Optional<Traffic.Connections> connections = Traffic.Connections.ofPlanName(text);
            if (connections.isPresent()) {
                return connections.get();
            }
            traffic.problem("connections", "expected shared (one keep-alive pool, as a calling service has) or"
                    + " perUser (a new connection per arrival, as distinct clients open), got '" + text + "'");
            return PlanDefaults.CONNECTIONS;
        }

        private Traffic.Users users(YamlMap traffic) {
            Optional<YamlMap> opened = traffic.map("users", List.of("distribution", "count", "exponent"));
            if (opened.isEmpty()) {
                return PlanDefaults.USERS;
            }
            YamlMap map = opened.get();
            Traffic.Users.Distribution distribution = PlanDefaults.USERS.distribution();
            String text = map.string("distribution");
            if (text != null) {
                switch (text) {
                    case "zipf" -> distribution = Traffic.Users.Distribution.ZIPF;
                    case "uniform" -> distribution = Traffic.Users.Distribution.UNIFORM;
                    default -> map.problem("distribution", "expected zipf or uniform, got '" + text + "'");
                }
            }
            Long count = map.integer("count");
            if (count != null && count < 1) {
                map.problem("count", "expected a count of users >= 1, got " + count);
            }
            Double exponent = map.number("exponent");
            if (exponent != null && !(exponent > 0)) {
                map.problem("exponent", "expected a Zipf exponent > 0, got " + fmt(exponent));
            }
            return new Traffic.Users(distribution, count == null ? PlanDefaults.USERS.count() : count,
                    exponent == null ? PlanDefaults.USERS.exponent() : exponent);
        }

        private List<Traffic.KWeight> kMix(YamlMap traffic) {
            Optional<YamlMap> opened = traffic.map("kMix", null);
            if (opened.isEmpty()) {
                return PlanDefaults.K_MIX;
            }
            YamlMap map = opened.get();
            List<Traffic.KWeight> mix = new ArrayList<>();
            for (String key : map.keys()) {
                int k;
                try {
                    k = Integer.parseInt(key);
                } catch (NumberFormatException e) {
                    problems.add(map.keyNode(key), map.child(key), "expected k, a whole number of"
                            + " recommendations within 1 and 100, got '" + key + "'");
                    continue;
                }
                if (k < 1 || k > 100) {
                    problems.add(map.keyNode(key), map.child(key), "expected k within 1 and 100, got " + k);
                    continue;
                }
                Double weight = map.read(key, n -> n instanceof org.yaml.snakeyaml.nodes.ScalarNode s
                        && s.getValue().trim().endsWith("%") ? Scalars.percent(n) : Scalars.number(n));
                if (weight == null) {
                    if (!map.has(key)) {
                        map.problem(key, "expected a weight > 0 such as 70% or 0.7");
                    }
                    continue;
                }
                if (!(weight > 0)) {
                    map.problem(key, "expected a weight > 0, got " + fmt(weight));
                    continue;
                }
                mix.add(new Traffic.KWeight(k, weight));
            }
            if (mix.isEmpty() && map.keys().isEmpty()) {
                problems.add(map.node(), map.path(), "expected at least one k: weight entry, e.g. {10: 70%, 20: 30%}");
            }
            return mix;
        }

        private List<Phase> phases(YamlMap traffic) {
            if (!traffic.has("phases")) {
                traffic.missing("phases", "at least one phase: {name, duration, rate and/or rampTo}");
                return List.of();
            }
            List<YamlMap.Item> items = traffic.list("phases");
            if (items.isEmpty() && traffic.get("phases").get() instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
                traffic.problem("phases", "expected at least one phase");
            }
            List<Phase> phases = new ArrayList<>();
            Set<String> names = new HashSet<>();
            double previousEndRps = 0;
            for (YamlMap.Item item : items) {
                Optional<YamlMap> opened = YamlMap.open(item.node(), item.path(), problems,
                        List.of("name", "duration", "rate", "rampTo"));
                if (opened.isEmpty()) {
                    continue;
                }
                YamlMap map = opened.get();
                String name = map.required("name", "the phase's name, e.g. peak", Scalars::string);
                if (name != null && !names.add(name)) {
                    map.problem("name", "duplicate phase name '" + name + "'; phase names must be unique");
                }
                Duration duration = map.required("duration", "e.g. 60s", Scalars::duration);
                if (duration != null && duration.isZero()) {
                    map.problem("duration", "expected a duration > 0");
                }
                Double rate = positiveRate(map, "rate");
                Double rampTo = positiveRate(map, "rampTo");
                if (!map.has("rate") && !map.has("rampTo")) {
                    problems.add(map.node(), map.child("rate"), "a phase needs 'rate' (constant), 'rampTo' (a ramp"
                            + " from the previous phase's rate) or both");
                }
                double startRps = rate != null ? rate : previousEndRps;
                double endRps = rampTo != null ? rampTo : startRps;
                previousEndRps = endRps;
                if (name != null) {
                    // a phase whose duration is wrong is kept with zero length (FaultParser then skips end checks)
                    phases.add(new Phase(name, duration == null ? Duration.ZERO : duration, startRps, endRps));
                }
            }
            return phases;
        }

        private Double positiveRate(YamlMap map, String key) {
            Double rate = map.number(key);
            if (rate != null && !(rate > 0)) {
                map.problem(key, "expected a rate > 0 requests per second, got " + fmt(rate));
                return null;
            }
            return rate;
        }

        private Guards guards(Target target, List<Fault> faults) {
            Optional<YamlMap> opened = top.has("guards") ? top.map("guards", GUARD_KEYS) : Optional.empty();
            if (top.has("guards") && opened.isEmpty()) {
                return null;
            }
            YamlMap map = opened.orElse(null);
            int before = problems.list().size();
            List<String> namespaces = map == null ? null : strings(map, "allowNamespaces");
            if (namespaces == null) {
                namespaces = target == null ? List.of() : List.of(target.namespace());
            } else {
                for (String forbidden : Guards.FORBIDDEN_NAMESPACES) {
                    if (namespaces.contains(forbidden)) {
                        map.problem("allowNamespaces", "'" + forbidden + "' can never be allowed: saleday does not"
                                + " touch " + String.join(" or ", Guards.FORBIDDEN_NAMESPACES));
                    }
                }
                if (target != null && !faults.isEmpty() && !namespaces.contains(target.namespace())) {
                    map.problem("allowNamespaces", "the target's namespace '" + target.namespace()
                            + "' is not allowed, so no fault could run; add it");
                }
            }
            List<String> contexts = map == null ? null : strings(map, "allowContexts");
            if (contexts == null) {
                contexts = List.of(PlanDefaults.LOCAL_CONTEXT);
            }
            // read from the text, so an unlisted context is reported even when other target fields are wrong
            YamlMap targetMap = top.get("target").flatMap(n -> YamlMap.open(n, "target", new Problems(""), null))
                    .orElse(null);
            String context = targetMap == null ? null : targetMap.read("context", Scalars::string);
            if (context != null) {
                Guards.refusesContext(contexts, context).ifPresent(why ->
                        problems.add(targetMap.get("context").get(), "target.context", why));
            }
            Count maxPodsKilled = map == null ? null : map.count("maxPodsKilled");
            Boolean allowBelowPdb = map == null ? null : map.bool("allowBelowPdb");
            Guards.AbortWhen abortWhen = PlanDefaults.ABORT_WHEN;
            if (map != null && map.has("abortWhen")) {
                abortWhen = abortWhen(map);
            }
            if (problems.list().size() > before) {
                return null;
            }
            return new Guards(namespaces, contexts, maxPodsKilled == null ? PlanDefaults.MAX_PODS_KILLED : maxPodsKilled,
                    allowBelowPdb != null && allowBelowPdb, abortWhen);
        }

        private Guards.AbortWhen abortWhen(YamlMap guards) {
            Node node = guards.get("abortWhen").get();
            if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar && scalar.getValue().equals("never")) {
                return null;
            }
            Optional<YamlMap> opened = YamlMap.open(node, guards.child("abortWhen"), problems,
                    List.of("errorRate", "for"));
            if (opened.isEmpty()) {
                return null;
            }
            YamlMap map = opened.get();
            Double rate = map.required("errorRate", "e.g. 20%", Scalars::percent);
            Duration holdFor = map.duration("for");
            if (rate == null) {
                return null;
            }
            return new Guards.AbortWhen(rate, holdFor == null ? PlanDefaults.ABORT_WHEN.holdFor() : holdFor);
        }

        private List<String> strings(YamlMap map, String key) {
            if (!map.has(key)) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (YamlMap.Item item : map.list(key)) {
                try {
                    values.add(Scalars.string(item.node()));
                } catch (IllegalArgumentException e) {
                    problems.add(item.node(), item.path(), e.getMessage());
                }
            }
            return values;
        }

        private String kubeName(YamlMap map, String key, boolean required) {
            String value = required
                    ? map.required(key, "the " + key + "'s name", Scalars::string)
                    : map.string(key);
            if (value != null && (!NAME.matcher(value).matches() || value.length() > 253)) {
                map.problem(key, "expected a Kubernetes name (lowercase letters, digits, '-', '.'), got '"
                        + value + "'");
                return null;
            }
            return value;
        }
    }

    private static URI httpUrl(Node node) {
        String text = Scalars.string(node);
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("expected an http(s) URL such as https://reco.example.com, got '"
                        + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected an http(s) URL such as https://reco.example.com, got '"
                    + text + "'");
        }
    }

    static String fmt(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
