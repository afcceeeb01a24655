package dev.saleday.localkube.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Turns what a user points at into objects: a kustomize folder (rendered by {@code kubectl kustomize} when kubectl is
 * on the PATH, else by {@link BuiltinKustomize}), a folder of YAML files, or one (multi-document) YAML file.
 */
public final class Manifests {

    private Manifests() {
    }

    public static List<ObjectNode> load(Path path) {
        if (Files.isRegularFile(path)) {
            return YamlDocuments.parse(read(path), path);
        }
        if (!Files.isDirectory(path)) {
            throw new ManifestException(path, "no such file or folder");
        }
        boolean kustomization = Stream.of("kustomization.yaml", "kustomization.yml", "Kustomization")
                .anyMatch(n -> Files.isRegularFile(path.resolve(n)));
        if (kustomization) {
            Optional<Path> kubectl = kubectl();
            return kubectl.isPresent() ? YamlDocuments.parse(kubectlKustomize(kubectl.get(), path), path)
                    : BuiltinKustomize.render(path);
        }
        List<ObjectNode> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(path)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList()) {
                objects.addAll(YamlDocuments.parse(read(file), file));
            }
        } catch (IOException e) {
            throw new ManifestException(path, "cannot list: " + e.getMessage());
        }
        return objects;
    }

    /** kubectl on the PATH, if any. */
    public static Optional<Path> kubectl() {
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String kubectlKustomize(Path kubectl, Path dir) {
        try {
            Path out = Files.createTempFile("localkube-kustomize", ".yaml");
            Path err = Files.createTempFile("localkube-kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new ManifestException(dir, "kubectl kustomize did not finish within 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new ManifestException(dir, "kubectl kustomize failed: "
                            + Files.readString(err, StandardCharsets.UTF_8).trim());
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new ManifestException(dir, "cannot run kubectl kustomize: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManifestException(dir, "interrupted while rendering");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ManifestException(file, "cannot read: " + e.getMessage());
        }
    }
}
