package dev.saleday.plan;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code observe} section: the pods' metrics endpoint, the scrape interval, an optional Prometheus. */
final class ObserveParser {

    /** A container port name (IANA_SVC_NAME) or a number. */
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}|[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");
    private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,62}");

    private final YamlMap top;

    ObserveParser(YamlMap top) {
        this.top = top;
    }

    /** @return the observe settings (defaults where the plan says nothing), or null when they had problems */
    Observe observe() {
        Observe defaults = PlanDefaults.OBSERVE;
        if (!top.has("observe")) {
            return defaults;
        }
        Optional<YamlMap> opened = top.map("observe", List.of("port", "path", "interval", "prometheus", "checks"));
        if (opened.isEmpty()) {
            return null;
        }
        YamlMap map = opened.get();
        int before = map.problems().list().size();
        String port = defaults.port();
        if (map.has("port")) {
            Object raw = map.read("port", node -> Scalars.string(node));
            if (raw != null && !PORT.matcher(raw.toString()).matches()) {
                map.problem("port", "expected a container port name (e.g. http) or number (e.g. 8080), got '"
                        + raw + "'");
            } else if (raw != null) {
                port = raw.toString();
            }
        }
        String path = defaults.path();
        String pathText = map.string("path");
        if (pathText != null && !pathText.startsWith("/")) {
            map.problem("path", "expected a path starting with '/', e.g. /metrics; got '" + pathText + "'");
        } else if (pathText != null) {
            path = pathText;
        }
        Duration interval = defaults.interval();
        Duration read = map.duration("interval");
        if (read != null && (read.isZero() || read.isNegative() || read.toMillis() < 100)) {
            map.problem("interval", "expected a scrape interval of at least 100ms, e.g. 2s; got "
                    + Durations.format(read));
        } else if (read != null) {
            interval = read;
        }
        URI prometheus = null;
        Map<String, String> queries = new LinkedHashMap<>();
        if (map.has("prometheus")) {
            Optional<YamlMap> prom = map.map("prometheus", List.of("url", "queries"));
            if (prom.isPresent()) {
                if (!prom.get().has("url")) {
                    prom.get().missing("url", "the Prometheus base URL, e.g. http://prometheus.monitoring:9090");
                }
                prometheus = prom.get().read("url", TargetParser::httpUrl);
                prom.get().map("queries", null).ifPresent(q -> {
                    for (String name : q.keys()) {
                        if (!QUERY_NAME.matcher(name).matches()) {
                            q.problem(name, "expected a query name of letters, digits, '_', '.' and '-', got '"
                                    + name + "'");
                            continue;
                        }
                        String promql = q.read(name, Scalars::string);
                        if (promql != null && promql.isBlank()) {
                            q.problem(name, "expected a PromQL expression, e.g. sum(rate(model_requests_total[1m]))");
                        } else if (promql != null) {
                            queries.put(name, promql);
                        }
                    }
                });
            }
        }
        Double maxErrorRate = null;
        Double maxThrottled = null;
        Optional<YamlMap> checks = map.map("checks", List.of("errorRate", "throttled"));
        if (checks.isPresent()) {
            maxErrorRate = checks.get().percent("errorRate");
            maxThrottled = checks.get().percent("throttled");
        }
        return map.problems().list().size() > before ? null
                : new Observe(port, path, interval, prometheus, queries, maxErrorRate, maxThrottled);
    }
}
