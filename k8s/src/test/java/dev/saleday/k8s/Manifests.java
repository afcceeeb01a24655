package dev.saleday.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The manifests of this module, read with fabric8's typed model, and rendered with {@code kubectl kustomize}. */
final class Manifests {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** The module folder (surefire runs tests there). */
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path BASE = ROOT.resolve("base");
    static final Path LOCAL = ROOT.resolve("overlays/local");
    static final Path PRODUCTION = ROOT.resolve("overlays/production");
    static final Path RBAC = ROOT.resolve("rbac");
    static final Path JOB = ROOT.resolve("job");

    private Manifests() {
    }

    /** Every YAML file under base, overlays, rbac and job. */
    static List<Path> yamlFiles() {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(BASE, ROOT.resolve("overlays"), RBAC, JOB)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The documents of one file as typed objects (unknown kinds, such as Kustomization, as generic resources). */
    static List<HasMetadata> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof Collection<?> many) {
            many.forEach(o -> objects.add((HasMetadata) o));
        } else if (parsed instanceof io.fabric8.kubernetes.api.model.KubernetesList list) {
            objects.addAll(list.getItems());
        } else if (parsed != null) {
            objects.add((HasMetadata) parsed);
        }
        return objects;
    }

    /** kubectl on the PATH, if any. */
    static Optional<Path> kubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code kubectl kustomize dir}, parsed; fails with kubectl's stderr. */
    static List<HasMetadata> kustomize(Path kubectl, Path dir) {
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not finish in 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return parse(Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> matches = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).toList();
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " '" + name + "', found " + matches.size());
        }
        return matches.get(0);
    }

    /**
     * Paths (like {@code spec.template.spec.containers[0].readinesProbe}) of fields fabric8's model does not know:
     * fabric8 keeps them in additionalProperties instead of failing, so a typo would pass a plain parse.
     */
    static List<String> unknownFields(Object root) {
        List<String> unknown = new ArrayList<>();
        walk(root, "", unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    private static void walk(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        boolean generic = node instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource;
        for (Method method : node.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = method.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            String field = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            if (field.equals("additionalProperties")) {
                if (!generic && value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
                continue;
            }
            if (value instanceof KubernetesResource || value instanceof Collection<?> || value instanceof Map<?, ?>
                    || (value != null && value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model"))) {
                walk(value, path + "." + field, unknown, seen);
            }
        }
    }
}
