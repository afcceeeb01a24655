package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a container's environment as the kubelet does: {@code envFrom} first, then {@code env} in order (later wins),
 * with ConfigMap and Secret references read from the API server, the downward API ({@code fieldRef},
 * {@code resourceFieldRef}) and {@code $(VAR)} expansion of earlier variables.
 */
final class EnvResolver {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)|\\$\\$");

    private final KubernetesClient client;

    EnvResolver(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param nodeCpuMillicores   the value of an unset CPU limit (Kubernetes uses the node's allocatable)
     * @param nodeMemoryBytes     the value of an unset memory limit
     */
    Map<String, String> resolve(Pod pod, Container container, String podIp, long nodeCpuMillicores,
                                long nodeMemoryBytes) throws ContainerConfigException {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource source : container.getEnvFrom()) {
                String prefix = source.getPrefix() == null ? "" : source.getPrefix();
                if (source.getConfigMapRef() != null) {
                    var ref = source.getConfigMapRef();
                    ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
                    if (map == null) {
                        if (Boolean.TRUE.equals(ref.getOptional())) {
                            continue;
                        }
                        throw new ContainerConfigException("configmap \"" + ref.getName() + "\" not found");
                    }
                    configMapData(map).forEach((k, v) -> env.put(prefix + k, v));
                }
                if (source.getSecretRef() != null) {
                    var ref = source.getSecretRef();
                    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
                    if (secret == null) {
                        if (Boolean.TRUE.equals(ref.getOptional())) {
                            continue;
                        }
                        throw new ContainerConfigException("secret \"" + ref.getName() + "\" not found");
                    }
                    secretData(secret).forEach((k, v) -> env.put(prefix + k, v));
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                String value = variable.getValueFrom() == null
                        ? expand(variable.getValue() == null ? "" : variable.getValue(), env)
                        : valueFrom(variable, pod, container, podIp, nodeCpuMillicores, nodeMemoryBytes);
                if (value != null) {
                    env.put(variable.getName(), value);
                }
            }
        }
        return env;
    }

    /** @return the value, or null when an optional reference is missing (the variable is then left out) */
    private String valueFrom(EnvVar variable, Pod pod, Container container, String podIp, long nodeCpuMillicores,
                             long nodeMemoryBytes) throws ContainerConfigException {
        EnvVarSource source = variable.getValueFrom();
        String namespace = pod.getMetadata().getNamespace();
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
            if (map == null) {
                return missing(optional, "configmap \"" + ref.getName() + "\" not found");
            }
            String value = configMapData(map).get(ref.getKey());
            return value != null ? value
                    : missing(optional, "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/"
                    + ref.getName());
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
            if (secret == null) {
                return missing(optional, "secret \"" + ref.getName() + "\" not found");
            }
            String value = secretData(secret).get(ref.getKey());
            return value != null ? value
                    : missing(optional, "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/"
                    + ref.getName());
        }
        if (source.getFieldRef() != null) {
            return field(source.getFieldRef().getFieldPath(), pod, podIp);
        }
        if (source.getResourceFieldRef() != null) {
            return resource(source.getResourceFieldRef(), container, nodeCpuMillicores, nodeMemoryBytes);
        }
        throw new ContainerConfigException("env " + variable.getName() + ": unsupported valueFrom");
    }

    private static String missing(boolean optional, String message) throws ContainerConfigException {
        if (optional) {
            return null;
        }
        throw new ContainerConfigException(message);
    }

    private static String field(String path, Pod pod, String podIp) throws ContainerConfigException {
        var metadata = pod.getMetadata();
        return switch (path) {
            case "metadata.name" -> metadata.getName();
            case "metadata.namespace" -> metadata.getNamespace();
            case "metadata.uid" -> metadata.getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "status.podIP", "status.podIPs" -> podIp;
            case "status.hostIP", "status.hostIPs" -> "127.0.0.1";
            default -> {
                Matcher label = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)']").matcher(path);
                if (label.matches()) {
                    Map<String, String> values = label.group(1).equals("labels")
                            ? metadata.getLabels() : metadata.getAnnotations();
                    yield values == null ? "" : values.getOrDefault(label.group(2), "");
                }
                throw new ContainerConfigException("unsupported fieldRef " + path);
            }
        };
    }

    private static String resource(ResourceFieldSelector selector, Container container, long nodeCpuMillicores,
                                   long nodeMemoryBytes) throws ContainerConfigException {
        String name = selector.getResource();
        Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
        Map<String, Quantity> requests = container.getResources() == null ? null
                : container.getResources().getRequests();
        BigDecimal value;
        switch (name) {
            case "limits.cpu", "requests.cpu" -> {
                Quantity set = (name.startsWith("limits") ? limits : requests) == null ? null
                        : (name.startsWith("limits") ? limits : requests).get("cpu");
                value = set != null ? Quantity.getAmountInBytes(set)
                        : BigDecimal.valueOf(nodeCpuMillicores).movePointLeft(3);
            }
            case "limits.memory", "requests.memory" -> {
                Quantity set = (name.startsWith("limits") ? limits : requests) == null ? null
                        : (name.startsWith("limits") ? limits : requests).get("memory");
                value = set != null ? Quantity.getAmountInBytes(set) : BigDecimal.valueOf(nodeMemoryBytes);
            }
            default -> throw new ContainerConfigException("unsupported resourceFieldRef " + name);
        }
        BigDecimal divisor = selector.getDivisor() == null ? BigDecimal.ONE
                : Quantity.getAmountInBytes(selector.getDivisor());
        if (divisor.signum() <= 0) {
            throw new ContainerConfigException("resourceFieldRef " + name + ": divisor must be positive");
        }
        // Kubernetes rounds up: 250m with divisor 1 is "1".
        return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    static Map<String, String> configMapData(ConfigMap map) {
        Map<String, String> data = new LinkedHashMap<>();
        if (map.getData() != null) {
            data.putAll(map.getData());
        }
        return data;
    }

    /** Secret {@code data} is base64; {@code stringData} is plain (the store may not have merged it into data). */
    static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) ->
                    data.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    /** {@code $(VAR)} -> value of an earlier variable (unknown ones stay as written); {@code $$} -> {@code $}. */
    static String expand(String value, Map<String, String> earlier) {
        if (!value.contains("$")) {
            return value;
        }
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group(1) == null ? "\\$"
                    : Matcher.quoteReplacement(earlier.getOrDefault(matcher.group(1), matcher.group()));
            matcher.appendReplacement(out, replacement);
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
