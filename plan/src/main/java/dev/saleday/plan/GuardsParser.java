package dev.saleday.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code guards} section: the safety rails of the faults. */
final class GuardsParser {

    static final Set<String> KEYS =
            PlanParser.orderedSet("allowNamespaces", "allowContexts", "maxPodsKilled", "allowBelowPdb", "abortWhen");

    private final YamlMap top;
    private final Problems problems;

    GuardsParser(YamlMap top) {
        this.top = top;
        this.problems = top.problems();
    }

    /** @return the guards, with their defaults, or null when they had problems (reported) */
    Guards guards(Target target, List<Fault> faults) {
        Optional<YamlMap> opened = top.has("guards") ? top.map("guards", KEYS) : Optional.empty();
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
}
