package dev.saleday.localkube.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.Json;
import dev.saleday.localkube.api.Patches;
import dev.saleday.localkube.api.ResourceTypes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a kustomization without kubectl, for exactly the subset saleday's overlays use: {@code resources} and
 * {@code bases} (files and folders), {@code namespace}, {@code images} (newName, newTag, digest), {@code patchesStrategicMerge} and
 * {@code patches} given by {@code path}. Anything else in the kustomization is an error naming the field, so an
 * overlay never renders differently here than under kubectl without anyone noticing.
 */
public final class BuiltinKustomize {

    private static final List<String> SUPPORTED = List.of("apiVersion", "kind", "resources", "bases", "namespace", "images",
            "patchesStrategicMerge", "patches");

    private BuiltinKustomize() {
    }

    public static List<ObjectNode> render(Path dir) {
        Path file = kustomizationFile(dir);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ManifestException(file, "cannot read: " + e.getMessage());
        }
        List<ObjectNode> docs = YamlDocuments.parse(text.contains("kind:") ? text
                : "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + text, file);
        ObjectNode k = docs.isEmpty() ? Json.object() : docs.get(0);
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new ManifestException(file, "kustomization field '" + field + "' is not supported by localkube's "
                        + "built-in renderer (supported: " + String.join(", ", SUPPORTED) + "); install kubectl to use it");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        List<JsonNode> resources = new ArrayList<>();
        k.path("bases").forEach(resources::add);
        k.path("resources").forEach(resources::add);
        for (JsonNode resource : resources) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else if (Files.isRegularFile(path)) {
                objects.addAll(YamlDocuments.parse(read(path), path));
            } else {
                throw new ManifestException(file, "resource '" + resource.asText() + "' does not exist");
            }
        }
        List<Path> patchFiles = new ArrayList<>();
        k.path("patchesStrategicMerge").forEach(p -> patchFiles.add(dir.resolve(p.asText()).normalize()));
        for (JsonNode patch : k.path("patches")) {
            if (!patch.has("path")) {
                throw new ManifestException(file, "patches entries need a 'path' to a strategic-merge patch file");
            }
            patchFiles.add(dir.resolve(patch.path("path").asText()).normalize());
        }
        for (Path patchFile : patchFiles) {
            for (ObjectNode patch : YamlDocuments.parse(read(patchFile), patchFile)) {
                applyPatch(objects, patch, patchFile);
            }
        }
        String namespace = k.path("namespace").asText("");
        for (ObjectNode object : objects) {
            if (!namespace.isEmpty() && namespaced(object)) {
                Json.metadata(object).put("namespace", namespace);
            }
            for (JsonNode image : k.path("images")) {
                setImages(object, image);
            }
        }
        return objects;
    }

    static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new ManifestException(dir, "no kustomization.yaml in this folder");
    }

    private static boolean namespaced(ObjectNode object) {
        return ResourceTypes.byKind(object.path("apiVersion").asText(), object.path("kind").asText())
                .map(t -> t.namespaced()).orElse(true);
    }

    private static void applyPatch(List<ObjectNode> objects, ObjectNode patch, Path patchFile) {
        String kind = patch.path("kind").asText();
        String name = Json.name(patch);
        for (int i = 0; i < objects.size(); i++) {
            ObjectNode target = objects.get(i);
            if (target.path("kind").asText().equals(kind) && Json.name(target).equals(name)) {
                objects.set(i, (ObjectNode) Patches.strategicMergePatch(target, patch));
                return;
            }
        }
        throw new ManifestException(patchFile, "patch target " + kind + " " + name + " is not among the resources");
    }

    /** Kustomize's images transformer on the pod templates' containers and initContainers. */
    private static void setImages(JsonNode node, JsonNode rule) {
        if (node.isObject()) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : node.path(list)) {
                    if (c instanceof ObjectNode container && container.has("image")) {
                        container.put("image", rewrite(container.get("image").asText(), rule));
                    }
                }
            }
            node.elements().forEachRemaining(child -> setImages(child, rule));
        } else if (node.isArray()) {
            node.forEach(child -> setImages(child, rule));
        }
    }

    static String rewrite(String image, JsonNode rule) {
        String name = image;
        String tag = null;
        int at = image.indexOf('@');
        if (at >= 0) {
            name = image.substring(0, at);
        } else {
            int colon = image.lastIndexOf(':');
            if (colon > image.lastIndexOf('/')) {
                name = image.substring(0, colon);
                tag = image.substring(colon + 1);
            }
        }
        if (!name.equals(rule.path("name").asText())) {
            return image;
        }
        String newName = rule.path("newName").asText(name);
        if (rule.has("digest")) {
            return newName + "@" + rule.get("digest").asText();
        }
        String newTag = rule.path("newTag").asText(tag);
        return newTag == null ? newName : newName + ":" + newTag;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ManifestException(file, "cannot read: " + e.getMessage());
        }
    }
}
