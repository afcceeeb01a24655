package dev.saleday.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code target} section: where the model runs, and how saleday reaches it. */
final class TargetParser {

    static final java.util.Set<String> KEYS = PlanParser.orderedSet("cluster", "namespace", "deployment",
            "container", "service", "manifests", "kubeconfig", "context", "url", "nodes");
    static final java.util.Set<String> NODES_KEYS = PlanParser.orderedSet("count", "cpuMillicores", "memoryMiB",
            "maxCount", "scaleUpDelay", "monitorGracePeriod");

    private final YamlMap top;
    private final Problems problems;
    private final Path baseFolder;

    /** @param baseFolder relative paths (manifests, kubeconfig) resolve against it */
    TargetParser(YamlMap top, Path baseFolder) {
        this.top = top;
        this.problems = top.problems();
        this.baseFolder = baseFolder;
    }

    /** @return the target, or null when it had problems (reported) */
    Target target() {
        if (!top.has("target")) {
            top.missing("target", "where the model runs: cluster, namespace, deployment, service");
            return null;
        }
        Optional<YamlMap> opened = top.map("target", KEYS);
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
        URI url = map.read("url", TargetParser::httpUrl);
        LocalNodes nodes = null;
        if (cluster == Target.ClusterKind.LOCAL) {
            nodes = nodes(map);
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
            if (map.has("nodes")) {
                map.problem("nodes", "only for 'cluster: local'; a kubeconfig cluster has its own nodes");
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
                service, manifests, kubeconfig, context, url, nodes);
    }

    /** {@code target.nodes}: every key optional, the embedded cluster's defaults otherwise. */
    private LocalNodes nodes(YamlMap target) {
        LocalNodes defaults = LocalNodes.defaults();
        if (!target.has("nodes")) {
            return defaults;
        }
        Optional<YamlMap> opened = target.map("nodes", NODES_KEYS);
        if (opened.isEmpty()) {
            return null;
        }
        YamlMap map = opened.get();
        Long count = positive(map, "count", 1, LocalNodes.MAX_COUNT);
        Long cpu = positive(map, "cpuMillicores", 1, Long.MAX_VALUE);
        Long memory = positive(map, "memoryMiB", 1, Long.MAX_VALUE);
        Long maxCount = positive(map, "maxCount", 1, LocalNodes.MAX_COUNT);
        Duration delay = map.duration("scaleUpDelay");
        Duration grace = map.duration("monitorGracePeriod");
        if (grace != null && grace.toMillis() < 1000) {
            map.problem("monitorGracePeriod", "expected at least 1s, got " + Durations.format(grace));
            return null;
        }
        int start = count == null ? LocalNodes.DEFAULT_COUNT : count.intValue();
        int max = maxCount == null ? start : maxCount.intValue();
        if (max < start) {
            map.problem("maxCount", "expected at least count (" + start + "), got " + max);
            return null;
        }
        if (delay != null && max == start) {
            map.problem("scaleUpDelay", "only with a maxCount above count (a cluster autoscaler that adds nodes)");
            return null;
        }
        if (problemsIn(map)) {
            return null;
        }
        return new LocalNodes(start, cpu == null ? defaults.cpuMillicores() : cpu,
                memory == null ? defaults.memoryMiB() : memory, max, delay == null ? defaults.scaleUpDelay() : delay,
                grace == null ? defaults.monitorGracePeriod() : grace);
    }

    private static Long positive(YamlMap map, String key, long min, long max) {
        Long value = map.integer(key);
        if (value != null && (value < min || value > max)) {
            map.problem(key, "expected " + min + (max == Long.MAX_VALUE ? " or more" : ".." + max) + ", got " + value);
            return null;
        }
        return value;
    }

    private boolean problemsIn(YamlMap map) {
        return problems.list().stream().anyMatch(p -> p.path().startsWith(map.path()));
    }

    private Path resolve(String path) {
        String expanded = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
        return baseFolder.resolve(expanded).normalize();
    }

    private String kubeName(YamlMap map, String key, boolean required) {
        String value = required
                ? map.required(key, "the " + key + "'s name", Scalars::string)
                : map.string(key);
        if (value != null && (!PlanParser.NAME.matcher(value).matches() || value.length() > 253)) {
            map.problem(key, "expected a Kubernetes name (lowercase letters, digits, '-', '.'), got '"
                    + value + "'");
            return null;
        }
        return value;
    }

    static URI httpUrl(Node node) {
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

}
