package dev.saleday.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code chaos} list: each fault's trigger, action and action-specific fields. */
final class FaultParser {

    static final List<String> COMMON_KEYS = List.of("name", "action", "at", "every", "times", "when", "for",
            "revertAfter");
    static final Map<String, List<String>> ACTION_KEYS = new LinkedHashMap<>();

    static {
        ACTION_KEYS.put("pod-kill", List.of("selector", "count", "pick", "gracePeriod"));
        ACTION_KEYS.put("pod-crash", List.of("selector", "count", "pick"));
        ACTION_KEYS.put("rollout", List.of("deployment", "container", "image"));
        ACTION_KEYS.put("rollback", List.of("deployment", "toRevision"));
        ACTION_KEYS.put("scale", List.of("deployment", "replicas"));
        ACTION_KEYS.put("node-drain", List.of("node"));
        ACTION_KEYS.put("node-fail", List.of("node", "provider"));
        ACTION_KEYS.put("api-outage", List.of("duration", "mode"));
        ACTION_KEYS.put("config-change", List.of("configMap", "data", "restart", "deployment"));
        ACTION_KEYS.put("hpa-patch", List.of("hpa", "min", "max"));
    }

    private static final Pattern AT = Pattern.compile("(?:([A-Za-z0-9][-A-Za-z0-9_.]*)\\s*\\+\\s*)?(\\S+)");
    private static final Pattern CONDITION = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9.]*)\\s*(>=|<=|==|!=|>|<)\\s*(\\S+)\\s*");

    private final YamlMap top;
    private final Problems problems;
    private final Target target;
    private final Traffic traffic;
    private PlanSchedule schedule;

    FaultParser(YamlMap top, Target target, Traffic traffic) {
        this.top = top;
        this.problems = top.problems();
        this.target = target;
        this.traffic = traffic;
    }

    private final Set<String> names = new LinkedHashSet<>();

    /** @return the faults that could be read (the others are reported) */
    List<Fault> faults() {
        List<Fault> faults = new ArrayList<>();
        for (YamlMap.Item item : top.list("chaos")) {
            Fault fault = fault(item, names);
            if (fault != null) {
                faults.add(fault);
            }
        }
        return faults;
    }

    /** @return the names of every fault written, also of those that had problems */
    Set<String> names() {
        return names;
    }

    private Fault fault(YamlMap.Item item, Set<String> names) {
        Optional<YamlMap> probe = YamlMap.open(item.node(), item.path(), new Problems("ignored"), null);
        if (probe.isEmpty()) {
            problems.add(item.node(), item.path(), "expected a fault (a mapping with name, action and at, every or"
                    + " when), got " + YamlMap.describe(item.node()));
            return null;
        }
        String actionKind = probe.get().read("action", Scalars::string);
        Set<String> known = new LinkedHashSet<>(COMMON_KEYS);
        boolean actionKnown = actionKind != null && ACTION_KEYS.containsKey(actionKind);
        if (actionKnown) {
            known.addAll(ACTION_KEYS.get(actionKind));
        } else {
            ACTION_KEYS.values().forEach(known::addAll); // unknown action: do not also flag its fields
        }
        YamlMap map = YamlMap.open(item.node(), item.path(), problems, known).orElseThrow();
        String name = map.required("name", "the fault's name, e.g. kill-30pc", Scalars::string);
        if (name != null && !names.add(name)) {
            map.problem("name", "duplicate fault name '" + name + "'; fault names must be unique");
        }
        Trigger trigger = trigger(map);
        Duration revertAfter = map.duration("revertAfter");
        if (revertAfter != null && revertAfter.isZero()) {
            map.problem("revertAfter", "expected a duration > 0 (or no revertAfter: undo at the end of the run)");
        }
        Action action = null;
        if (!map.has("action")) {
            map.missing("action", "one of " + String.join(", ", ACTION_KEYS.keySet()));
        } else if (!actionKnown) {
            if (actionKind != null) {
                map.problem("action", "unknown action '" + actionKind + "'"
                        + NearestName.hint(actionKind, ACTION_KEYS.keySet()));
            } else {
                map.read("action", Scalars::string);
            }
        } else {
            action = action(map, actionKind);
        }
        if (name == null || trigger == null || action == null) {
            return null;
        }
        if (action instanceof Action.ApiOutage outage && revertAfter == null) {
            revertAfter = outage.duration(); // its undo, the end of the outage, is journaled when it ends
        }
        return new Fault(name, trigger, action, revertAfter);
    }

    private Trigger trigger(YamlMap map) {
        int kinds = (map.has("at") && !map.has("every") ? 1 : 0) + (map.has("every") ? 1 : 0)
                + (map.has("when") ? 1 : 0);
        if (kinds == 0) {
            problems.add(map.node(), map.child("at"), "a fault needs a trigger: 'at: 45s', 'at: peak+20s',"
                    + " 'every: 30s' or 'when: \"readyReplicas >= 8\"'");
            return null;
        }
        if (kinds > 1 || map.has("when") && map.has("at")) {
            problems.add(map.keyNode("when"), map.child("when"), "expected one trigger: 'when' cannot be combined"
                    + " with 'at' or 'every'");
            return null;
        }
        if (map.has("times") && !map.has("every")) {
            map.problem("times", "'times' goes with 'every'");
        }
        if (map.has("for") && !map.has("when")) {
            map.problem("for", "'for' goes with 'when' (how long the condition must hold)");
        }
        if (map.has("when")) {
            Condition condition = map.read("when", n -> condition(Scalars.string(n)));
            Duration holdFor = map.duration("for");
            return condition == null ? null : new Trigger.When(condition, holdFor == null ? Duration.ZERO : holdFor);
        }
        if (map.has("every")) {
            Duration interval = map.duration("every");
            if (interval != null && interval.isZero()) {
                map.problem("every", "expected an interval > 0");
                return null;
            }
            Long times = map.integer("times");
            if (times != null && (times < 1 || times > Integer.MAX_VALUE)) {
                map.problem("times", "expected times >= 1 (or no times: until the load ends), got " + times);
                return null;
            }
            Trigger.At first = map.has("at") ? at(map) : interval == null ? null : new Trigger.At(null, interval);
            if (interval == null || first == null) {
                return null;
            }
            int count = times == null ? 0 : times.intValue();
            checkBeforeEnd(map, map.has("at") ? "at" : "every", count > 1
                    ? "its last firing (" + count + " times every " + Durations.format(interval) + ")"
                    : "it", first, interval.multipliedBy(Math.max(0, count - 1)));
            return new Trigger.Every(first, interval, count);
        }
        Trigger.At at = at(map);
        if (at != null) {
            checkBeforeEnd(map, "at", "it", at, Duration.ZERO);
        }
        return at;
    }

    private Trigger.At at(YamlMap map) {
        return map.read("at", n -> {
            String text = Scalars.string(n).trim();
            Matcher m = AT.matcher(text);
            String phase;
            Duration offset;
            if (traffic != null && traffic.phase(text).isPresent()) {
                phase = text;
                offset = Duration.ZERO;
            } else if (m.matches()) {
                phase = m.group(1);
                try {
                    offset = Durations.parse(m.group(2));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("expected 'at: 45s' (from the start of the load), 'at: peak'"
                            + " or 'at: peak+20s' (from a phase's start), got '" + text + "'");
                }
            } else {
                throw new IllegalArgumentException("expected 'at: 45s' or 'at: peak+20s', got '" + text + "'");
            }
            if (phase != null && traffic != null && traffic.phase(phase).isEmpty()) {
                throw new IllegalArgumentException("no phase named '" + phase + "'"
                        + NearestName.hint(phase, traffic.phases().stream().map(Phase::name).toList()));
            }
            return new Trigger.At(phase, offset);
        });
    }

    /** @return the plan's clock, or null while the load's length is unknown (its phases have problems) */
    private PlanSchedule schedule() {
        if (schedule == null && traffic != null && !traffic.phases().isEmpty()
                && traffic.phases().stream().noneMatch(p -> p.duration() == null || p.duration().isZero())) {
            schedule = PlanSchedule.of(traffic);
        }
        return schedule;
    }

    private void checkBeforeEnd(YamlMap map, String key, String what, Trigger.At first, Duration after) {
        PlanSchedule clock = schedule();
        if (clock == null) {
            return; // the load's length is unknown: its phases have problems of their own
        }
        Duration offset = clock.offsetOf(first).plus(after);
        Duration end = Duration.ofMillis(clock.loadMillis());
        if (offset.compareTo(end) >= 0) {
            map.problem(key, "scheduled after the end of the load: " + what + " would fire at "
                    + Durations.format(offset) + " from the start, the load ends at " + Durations.format(end));
        }
    }

    static Condition condition(String text) {
        Matcher m = CONDITION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a condition such as \"readyReplicas >= 8\", got '" + text
                    + "'");
        }
        Condition.Metric metric = null;
        List<String> metricNames = new ArrayList<>();
        for (Condition.Metric candidate : Condition.Metric.values()) {
            metricNames.add(candidate.planName());
            if (candidate.planName().equals(m.group(1))) {
                metric = candidate;
            }
        }
        if (metric == null) {
            throw new IllegalArgumentException("unknown metric '" + m.group(1) + "'"
                    + NearestName.hint(m.group(1), metricNames));
        }
        Condition.Comparison comparison = null;
        for (Condition.Comparison candidate : Condition.Comparison.values()) {
            if (candidate.symbol().equals(m.group(2))) {
                comparison = candidate;
            }
        }
        return new Condition(metric, comparison, threshold(metric, m.group(3)));
    }

    private static double threshold(Condition.Metric metric, String text) {
        switch (metric) {
            case PROBE_ERROR_RATE -> {
                return Percentages.parse(text);
            }
            case PROBE_P99_MILLIS -> {
                return Durations.parse(text).toMillis();
            }
            default -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number after the comparison, got '" + text + "'");
                }
            }
        }
    }

    private Action action(YamlMap map, String kind) {
        String deployment = target == null ? null : target.deployment();
        return switch (kind) {
            case "pod-kill" -> podKill(map);
            case "pod-crash" -> {
                Action kill = podKill(map);
                yield kill instanceof Action.PodKill k ? new Action.PodCrash(k.selector(), k.count(), k.pick()) : null;
            }
            case "rollout" -> {
                String dep = orDefault(map.string("deployment"), deployment);
                String container = orDefault(map.string("container"), target == null ? null : target.container());
                String image = map.string("image");
                yield dep == null || container == null ? null : new Action.Rollout(dep, container, image);
            }
            case "rollback" -> {
                Long revision = map.integer("toRevision");
                if (revision != null && revision < 1) {
                    map.problem("toRevision", "expected a revision >= 1, got " + revision);
                    yield null;
                }
                String dep = orDefault(map.string("deployment"), deployment);
                yield dep == null ? null : new Action.Rollback(dep, revision == null ? null : revision.intValue());
            }
            case "scale" -> {
                Long replicas = map.required("replicas", "the replicas to set, >= 0", Scalars::integer);
                if (replicas != null && replicas < 0) {
                    map.problem("replicas", "expected replicas >= 0, got " + replicas);
                    yield null;
                }
                String dep = orDefault(map.string("deployment"), deployment);
                yield dep == null || replicas == null ? null : new Action.Scale(dep, replicas.intValue());
            }
            case "node-drain" -> {
                String node = map.required("node", "the node to drain, e.g. local-node-a", Scalars::string);
                yield node == null ? null : new Action.NodeDrain(node);
            }
            case "node-fail" -> nodeFail(map);
            case "api-outage" -> apiOutage(map);
            case "config-change" -> configChange(map, deployment);
            case "hpa-patch" -> hpaPatch(map, deployment);
            default -> null;
        };
    }

    private Action podKill(YamlMap map) {
        LabelSelector selector = map.required("selector", "a label selector such as app=recommendation",
                n -> LabelSelector.parse(Scalars.string(n)));
        Count count = map.count("count");
        Action.PodPick pick = Action.PodPick.RANDOM;
        String pickText = map.string("pick");
        if (pickText != null) {
            switch (pickText) {
                case "random" -> pick = Action.PodPick.RANDOM;
                case "oldest" -> pick = Action.PodPick.OLDEST;
                case "newest" -> pick = Action.PodPick.NEWEST;
                default -> {
                    map.problem("pick", "expected random, oldest or newest, got '" + pickText + "'");
                    pick = null;
                }
            }
        }
        Duration grace = map.duration("gracePeriod");
        if (selector == null || pick == null || map.has("count") && count == null) {
            return null;
        }
        return new Action.PodKill(selector, count == null ? Count.of(1) : count, pick, grace);
    }

    private Action nodeFail(YamlMap map) {
        String node = map.required("node", "the node to fail, e.g. local-node-a", Scalars::string);
        Action.ProviderHook hook = null;
        if (map.has("provider")) {
            YamlMap provider = map.map("provider", List.of("fail", "undo")).orElse(null);
            if (provider == null) {
                return null;
            }
            String fail = provider.required("fail", "the command that stops the machine", Scalars::string);
            String undo = provider.required("undo", "the command that starts it again", Scalars::string);
            if (fail == null || undo == null) {
                return null;
            }
            hook = new Action.ProviderHook(fail, undo);
        }
        if (hook == null && target != null && target.cluster() == Target.ClusterKind.KUBECONFIG) {
            // only a provider can stop a real machine: refused before the run, not when the fault fires
            map.problem("action", "node-fail on a kubeconfig cluster needs a provider hook"
                    + " (provider: {fail: COMMAND, undo: COMMAND}); only the embedded cluster can fail a node itself");
            return null;
        }
        return node == null ? null : new Action.NodeFail(node, hook);
    }

    private Action apiOutage(YamlMap map) {
        Duration duration = map.required("duration", "how long the API server is out, e.g. 20s", Scalars::duration);
        if (duration != null && duration.isZero()) {
            map.problem("duration", "expected a duration > 0, e.g. 20s");
            duration = null;
        }
        Action.OutageMode mode = Action.OutageMode.UNAVAILABLE;
        String modeName = map.string("mode");
        if (modeName != null) {
            mode = Action.OutageMode.of(modeName).orElse(null);
            if (mode == null) {
                map.problem("mode", "expected unavailable (503) or throttled (429), got '" + modeName + "'");
            }
        }
        if (target != null && target.cluster() == Target.ClusterKind.KUBECONFIG) {
            map.problem("action", "api-outage needs the embedded cluster (cluster: local): saleday cannot take a real"
                    + " API server down; overload it with the provider's own tools instead");
            return null;
        }
        return duration == null || mode == null ? null : new Action.ApiOutage(duration, mode);
    }

    private Action configChange(YamlMap map, String deployment) {
        String configMap = map.required("configMap", "the ConfigMap's name", Scalars::string);
        Map<String, String> data = new LinkedHashMap<>();
        if (!map.has("data")) {
            map.missing("data", "the keys to set, e.g. {FAULT_LATENCY_MS: \"200\"}");
        } else {
            map.map("data", null).ifPresent(dataMap -> {
                for (String key : dataMap.keys()) {
                    Node value = dataMap.get(key).orElse(null);
                    if (value == null) {
                        data.put(key, "");
                        continue;
                    }
                    String text = dataMap.read(key, Scalars::string);
                    if (text != null) {
                        data.put(key, text);
                    }
                }
                if (dataMap.keys().isEmpty()) {
                    map.problem("data", "expected at least one key to set");
                }
            });
        }
        Boolean restart = map.bool("restart");
        String dep = orDefault(map.string("deployment"), deployment);
        if (configMap == null || dep == null) {
            return null;
        }
        return new Action.ConfigChange(configMap, data, restart != null && restart, dep);
    }

    private Action hpaPatch(YamlMap map, String deployment) {
        Long min = map.integer("min");
        Long max = map.integer("max");
        if (!map.has("min") && !map.has("max")) {
            problems.add(map.node(), map.child("min"), "an hpa-patch needs 'min', 'max' or both");
            return null;
        }
        if (min != null && min < 1) {
            map.problem("min", "expected min >= 1, got " + min);
            return null;
        }
        if (max != null && max < 1) {
            map.problem("max", "expected max >= 1, got " + max);
            return null;
        }
        if (min != null && max != null && min > max) {
            map.problem("min", "min (" + min + ") must be <= max (" + max + ")");
            return null;
        }
        String hpa = orDefault(map.string("hpa"), deployment);
        return hpa == null ? null : new Action.HpaPatch(hpa, min == null ? null : min.intValue(),
                max == null ? null : max.intValue());
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
