package dev.saleday.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code target} section: where the model runs, and how saleday reaches it. */
final class TargetParser {

    static final java.util.Set<String> KEYS = PlanParser.orderedSet("cluster", "namespace", "deployment",
            "container", "service", "manifests", "kubeconfig", "context", "url");

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
