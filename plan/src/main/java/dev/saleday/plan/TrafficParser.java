package dev.saleday.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code traffic} section: the load's phases and rates, users, k mix and connections. */
final class TrafficParser {

    static final Set<String> KEYS = PlanParser.orderedSet("scale", "users", "kMix", "seed", "requestTimeout",
            "connections", "injectors", "phases");

    /** The most injector pods one plan may ask for: shard directories are numbered with up to 4 digits. */
    static final int MAX_INJECTORS = 1000;

    private final YamlMap top;
    private final Problems problems;

    TrafficParser(YamlMap top) {
        this.top = top;
        this.problems = top.problems();
    }

    /**
     * @return the traffic, also with problems (reported), so that faults and SLOs can still be checked against the
     *         phase names; null when there is no traffic section to read
     */
    Traffic traffic() {
        if (!top.has("traffic")) {
            top.missing("traffic", "the load: phases with durations and rates");
            return null;
        }
        Optional<YamlMap> opened = top.map("traffic", KEYS);
        if (opened.isEmpty()) {
            return null;
        }
        YamlMap map = opened.get();
        Double scale = map.number("scale");
        if (scale != null && !(scale > 0)) {
            map.problem("scale", "expected a scale > 0, got " + PlanParser.fmt(scale));
        }
        Long seed = map.integer("seed");
        Duration timeout = map.duration("requestTimeout");
        if (timeout != null && timeout.isZero()) {
            map.problem("requestTimeout", "expected a duration > 0");
        }
        Long injectors = map.integer("injectors");
        if (injectors != null && (injectors < 1 || injectors > MAX_INJECTORS)) {
            map.problem("injectors", "expected a whole number of injectors from 1 (the load sent from saleday"
                    + " itself) to " + MAX_INJECTORS + ", got " + injectors);
            injectors = null;
        }
        Traffic.Users users = users(map);
        List<Traffic.KWeight> kMix = kMix(map);
        Traffic.Connections connections = connections(map);
        List<Phase> phases = phases(map);
        // returned even with problems, so faults and SLOs can still be checked against the phase names; the
        // plan as a whole is refused when any problem was found
        return new Traffic(scale == null ? PlanDefaults.SCALE : scale, users, kMix, seed == null ? PlanDefaults.SEED : seed,
                timeout == null ? PlanDefaults.REQUEST_TIMEOUT : timeout, phases, connections,
                injectors == null ? PlanDefaults.INJECTORS : Math.toIntExact(injectors));
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
            map.problem("exponent", "expected a Zipf exponent > 0, got " + PlanParser.fmt(exponent));
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
                map.problem(key, "expected a weight > 0, got " + PlanParser.fmt(weight));
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
            map.problem(key, "expected a rate > 0 requests per second, got " + PlanParser.fmt(rate));
            return null;
        }
        return rate;
    }
}
