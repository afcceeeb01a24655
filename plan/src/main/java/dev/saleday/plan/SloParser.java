package dev.saleday.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code slo} and {@code report} sections; names of phases and faults must exist. */
final class SloParser {

    static final Set<String> SLO_KEYS = PlanParser.orderedSet("latency", "errors", "zeroDowntime", "scaleUp",
            "scaleDown", "rollouts", "balance", "minAchievedRate", "maxInjectionLag", "hostHeadroom", "maxSendLag");

    private final YamlMap top;
    private final Problems problems;
    private final Traffic traffic;
    private final List<Fault> faults;
    private final Set<String> faultNames;

    /**
     * @param faults     the faults that could be read
     * @param faultNames the names of every fault written (a broken fault is reported once, not again here)
     */
    SloParser(YamlMap top, Traffic traffic, List<Fault> faults, Set<String> faultNames) {
        this.top = top;
        this.problems = top.problems();
        this.traffic = traffic;
        this.faults = faults;
        this.faultNames = faultNames;
    }

    Slo slo() {
        Optional<YamlMap> opened = top.map("slo", SLO_KEYS);
        if (top.has("slo") && opened.isEmpty()) {
            return null;
        }
        if (opened.isEmpty()) {
            return new Slo(List.of(), List.of(), List.of(), null, null, List.of(), PlanDefaults.MIN_ACHIEVED_RATE);
        }
        YamlMap map = opened.get();
        int before = problems.list().size();
        List<Slo.Latency> latency = new ArrayList<>();
        for (YamlMap.Item item : map.list("latency")) {
            YamlMap.open(item.node(), item.path(), problems, latencyKeys()).map(this::latency)
                    .ifPresent(latency::add);
        }
        List<Slo.Errors> errors = new ArrayList<>();
        for (YamlMap.Item item : itemsOrOne(map, "errors")) {
            YamlMap.open(item.node(), item.path(), problems, List.of("rate", "phase")).map(this::errors)
                    .ifPresent(errors::add);
        }
        List<Slo.ZeroDowntime> zeroDowntime = new ArrayList<>();
        for (YamlMap.Item item : itemsOrOne(map, "zeroDowntime")) {
            YamlMap.open(item.node(), item.path(), problems, List.of("fault", "maxFailed", "recoverWithin"))
                    .map(this::zeroDowntime).ifPresent(zeroDowntime::add);
        }
        Slo.ScaleUp scaleUp = map.map("scaleUp", List.of("after", "replicas", "within", "p99RecoversWithin"))
                .map(this::scaleUp).orElse(null);
        Slo.ScaleDown scaleDown = map.map("scaleDown", List.of("after", "replicasAtMost", "within"))
                .map(this::scaleDown).orElse(null);
        List<Slo.RolloutTime> rollouts = new ArrayList<>();
        for (YamlMap.Item item : itemsOrOne(map, "rollouts")) {
            YamlMap.open(item.node(), item.path(), problems, List.of("fault", "within")).map(this::rollout)
                    .ifPresent(rollouts::add);
        }
        List<Slo.Balance> balance = new ArrayList<>();
        for (YamlMap.Item item : itemsOrOne(map, "balance")) {
            YamlMap.open(item.node(), item.path(), problems, List.of("phase", "maxSkew")).map(this::balance)
                    .ifPresent(balance::add);
        }
        Double minAchieved = map.percent("minAchievedRate");
        Duration maxLag = map.has("maxInjectionLag")
                ? positive(map, "maxInjectionLag", "how far the injector may fall behind the plan, e.g. 2s") : null;
        Slo.HostHeadroom headroom = map.has("hostHeadroom")
                ? map.map("hostHeadroom", List.of("maxInjectorWait", "maxPodWait", "maxStarved"))
                .map(this::hostHeadroom).orElse(null) : PlanDefaults.HOST_HEADROOM;
        Duration maxSendLag = map.has("maxSendLag")
                ? positive(map, "maxSendLag", "how late a request may leave after its intended time, e.g. 1s") : null;
        if (problems.list().size() > before) {
            return null;
        }
        return new Slo(latency, errors, zeroDowntime, scaleUp, scaleDown, rollouts,
                minAchieved == null ? PlanDefaults.MIN_ACHIEVED_RATE : minAchieved,
                maxLag == null ? PlanDefaults.MAX_INJECTION_LAG : maxLag, balance, headroom,
                maxSendLag == null ? PlanDefaults.MAX_SEND_LAG : maxSendLag);
    }

    ReportSettings report(Path baseFolder) {
        Optional<YamlMap> opened = top.map("report", List.of("baseline", "regression", "cost"));
        if (top.has("report") && opened.isEmpty()) {
            return null;
        }
        if (opened.isEmpty()) {
            return new ReportSettings(null, PlanDefaults.REGRESSION);
        }
        YamlMap map = opened.get();
        int before = problems.list().size();
        String baseline = map.string("baseline");
        if (baseline != null) {
            baseline = baseFolder.resolve(baseline).normalize().toString();
        }
        Map<String, Double> regression = new LinkedHashMap<>(PlanDefaults.REGRESSION);
        Optional<YamlMap> bounds = map.map("regression", null);
        if (bounds.isPresent()) {
            regression.clear();
            List<String> known = new ArrayList<>(latencyKeys().subList(1, latencyKeys().size()));
            known.add("errorRate");
            for (String key : bounds.get().keys()) {
                if (!known.contains(key)) {
                    problems.add(bounds.get().keyNode(key), bounds.get().child(key), "unknown metric '" + key + "'"
                            + NearestName.hint(key, known));
                    continue;
                }
                Double allowed = bounds.get().read(key, Scalars::percent);
                if (allowed != null) {
                    regression.put(key, allowed);
                } else if (!bounds.get().has(key)) {
                    bounds.get().problem(key, "expected a percentage such as 10%");
                }
            }
        }
        double price = PlanDefaults.CPU_CORE_HOUR_PRICE;
        Optional<YamlMap> cost = map.map("cost", List.of("cpuCoreHour"));
        if (cost.isPresent() && cost.get().has("cpuCoreHour")) {
            Double read = cost.get().number("cpuCoreHour");
            if (read != null && (!(read >= 0) || read.isInfinite())) {
                cost.get().problem("cpuCoreHour", "expected the price of one CPU core for an hour, >= 0, e.g. 0.04;"
                        + " got " + read);
            } else if (read != null) {
                price = read;
            }
        }
        return problems.list().size() > before ? null : new ReportSettings(baseline, regression, price);
    }

    /** A single mapping is read as a list of one, so {@code errors: {rate: 1%}} and a list both work. */
    private List<YamlMap.Item> itemsOrOne(YamlMap map, String key) {
        Optional<org.yaml.snakeyaml.nodes.Node> node = map.get(key);
        if (node.isPresent() && node.get() instanceof MappingNode) {
            return List.of(new YamlMap.Item(node.get(), map.child(key)));
        }
        if (node.isPresent() && !(node.get() instanceof SequenceNode)) {
            map.problem(key, "expected a mapping or a list of mappings, got " + YamlMap.describe(node.get()));
            return List.of();
        }
        return map.list(key);
    }

    private static List<String> latencyKeys() {
        List<String> keys = new ArrayList<>();
        keys.add("phase");
        for (Slo.Percentile percentile : Slo.Percentile.values()) {
            keys.add(percentile.key());
        }
        return keys;
    }

    private Slo.Latency latency(YamlMap map) {
        String phase = phase(map, "phase", false);
        Map<Slo.Percentile, Duration> bounds = new LinkedHashMap<>();
        for (String key : map.keys()) {
            for (Slo.Percentile percentile : Slo.Percentile.values()) {
                if (percentile.key().equals(key)) {
                    Duration bound = map.duration(key);
                    if (bound != null && bound.isZero()) {
                        map.problem(key, "expected a bound > 0");
                    } else if (bound != null) {
                        bounds.put(percentile, bound);
                    } else if (!map.has(key)) {
                        map.problem(key, "expected a duration such as 200ms");
                    }
                }
            }
        }
        if (bounds.isEmpty() && map.keys().stream().noneMatch(k -> !k.equals("phase"))) {
            problems.add(map.node(), map.path(), "expected at least one percentile bound (p50, p75, p90, p95, p99,"
                    + " p999, max), e.g. p99: 400ms");
            return null;
        }
        Slo.Percentile previous = null;
        for (Slo.Percentile percentile : Slo.Percentile.values()) {
            Duration bound = bounds.get(percentile);
            if (bound == null) {
                continue;
            }
            if (previous != null && bound.compareTo(bounds.get(previous)) < 0) {
                map.problem(percentile.key(), percentile.key() + " (" + Durations.format(bound) + ") is below "
                        + previous.key() + " (" + Durations.format(bounds.get(previous))
                        + "): percentiles must not decrease");
            }
            previous = percentile;
        }
        Map<Slo.Percentile, Duration> ordered = new LinkedHashMap<>();
        for (Slo.Percentile percentile : Slo.Percentile.values()) {
            if (bounds.containsKey(percentile)) {
                ordered.put(percentile, bounds.get(percentile));
            }
        }
        return new Slo.Latency(phase, ordered);
    }

    private Slo.Errors errors(YamlMap map) {
        Double rate = map.required("rate", "the highest share of failed requests, e.g. 0.5%", Scalars::percent);
        String phase = phase(map, "phase", false);
        return rate == null ? null : new Slo.Errors(phase, rate);
    }

    private Slo.ZeroDowntime zeroDowntime(YamlMap map) {
        Fault fault = fault(map, "fault");
        Long maxFailed = map.integer("maxFailed");
        if (maxFailed != null && maxFailed < 0) {
            map.problem("maxFailed", "expected maxFailed >= 0, got " + maxFailed);
        }
        Duration recover = map.duration("recoverWithin");
        if (recover != null && recover.isZero()) {
            map.problem("recoverWithin", "expected a duration > 0");
        }
        return fault == null ? null : new Slo.ZeroDowntime(fault.name(), maxFailed == null ? 0 : maxFailed, recover);
    }

    private Slo.ScaleUp scaleUp(YamlMap map) {
        String after = phase(map, "after", true);
        Long replicas = map.required("replicas", "the replicas to reach, >= 1", Scalars::integer);
        if (replicas != null && replicas < 1) {
            map.problem("replicas", "expected replicas >= 1, got " + replicas);
        }
        Duration within = positive(map, "within", "how long scaling up may take, e.g. 90s");
        Duration p99 = map.duration("p99RecoversWithin");
        if (after == null || replicas == null || within == null) {
            return null;
        }
        return new Slo.ScaleUp(after, replicas.intValue(), within, p99);
    }

    private Slo.ScaleDown scaleDown(YamlMap map) {
        String after = phase(map, "after", true);
        Long replicas = map.required("replicasAtMost", "the replicas to come down to, >= 1", Scalars::integer);
        if (replicas != null && replicas < 1) {
            map.problem("replicasAtMost", "expected replicasAtMost >= 1, got " + replicas);
        }
        Duration within = positive(map, "within", "how long scaling down may take, e.g. 120s");
        if (after == null || replicas == null || within == null) {
            return null;
        }
        return new Slo.ScaleDown(after, replicas.intValue(), within);
    }

    private Slo.RolloutTime rollout(YamlMap map) {
        Fault fault = fault(map, "fault");
        if (fault != null && !(fault.action() instanceof Action.Rollout)) {
            map.problem("fault", "fault '" + fault.name() + "' is a " + fault.action().kind()
                    + ", not a rollout");
        }
        Duration within = positive(map, "within", "how long the rollout may take, e.g. 60s");
        return fault == null || within == null ? null : new Slo.RolloutTime(fault.name(), within);
    }

    private Slo.Balance balance(YamlMap map) {
        String phase = phase(map, "phase", true);
        Double maxSkew = map.required("maxSkew", "the busiest ready pod's answers over their mean, >= 1, e.g. 1.5",
                Scalars::number);
        if (maxSkew != null && !(maxSkew >= 1)) {
            map.problem("maxSkew", "expected a skew >= 1 (1 = every ready pod answers the same), got "
                    + PlanParser.fmt(maxSkew));
            return null;
        }
        return phase == null || maxSkew == null ? null : new Slo.Balance(phase, maxSkew);
    }

    /** Each bound defaults on its own: {@code hostHeadroom: {maxPodWait: 40%}} keeps the other two. */
    private Slo.HostHeadroom hostHeadroom(YamlMap map) {
        Slo.HostHeadroom defaults = PlanDefaults.HOST_HEADROOM;
        Duration injector = map.has("maxInjectorWait") ? positive(map, "maxInjectorWait",
                "the injector's run-queue wait per second that starves it, e.g. 250ms") : defaults.maxInjectorWait();
        Double pods = map.percent("maxPodWait");
        if (pods != null && !(pods > 0 && pods <= 1)) {
            map.problem("maxPodWait", "expected a share of the pods' runnable time above 0% and up to 100%, got "
                    + Percentages.format(pods));
            return null;
        } else if (pods == null && map.has("maxPodWait")) {
            return null;
        }
        Duration starved = map.has("maxStarved") ? map.duration("maxStarved") : defaults.maxStarved();
        if (injector != null && injector.toMillis() > 1000) {
            map.problem("maxInjectorWait", "expected at most 1s (it is a wait per second of load), got "
                    + Durations.format(injector));
            return null;
        }
        if (injector == null || starved == null) {
            return null;
        }
        return new Slo.HostHeadroom(injector, pods == null ? defaults.maxPodWaitFraction() : pods, starved);
    }

    private Duration positive(YamlMap map, String key, String expected) {
        Duration value = map.required(key, expected, Scalars::duration);
        if (value != null && value.isZero()) {
            map.problem(key, "expected a duration > 0");
            return null;
        }
        return value;
    }

    private String phase(YamlMap map, String key, boolean required) {
        String name = required ? map.required(key, "a phase name", Scalars::string) : map.string(key);
        if (name == null || traffic == null) {
            return name;
        }
        if (traffic.phase(name).isEmpty()) {
            List<String> names = traffic.phases().stream().map(Phase::name).toList();
            map.problem(key, "no phase named '" + name + "'" + NearestName.hint(name, names));
            return null;
        }
        return name;
    }

    private Fault fault(YamlMap map, String key) {
        String name = map.required(key, "a fault name from the chaos section", Scalars::string);
        if (name == null) {
            return null;
        }
        if (!faultNames.contains(name)) {
            map.problem(key, "no fault named '" + name + "'" + (faultNames.isEmpty()
                    ? "; the chaos section is empty" : NearestName.hint(name, faultNames)));
            return null;
        }
        return faults.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
