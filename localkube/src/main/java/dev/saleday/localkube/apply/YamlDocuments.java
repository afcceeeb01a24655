package dev.saleday.localkube.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Multi-document YAML -> Kubernetes objects (Jackson trees); empty documents skipped, Lists flattened. */
public final class YamlDocuments {

    private YamlDocuments() {
    }

    public static List<ObjectNode> parse(String yaml, Path source) {
        List<ObjectNode> objects = new ArrayList<>();
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(64 * 1024 * 1024);
            for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
                if (doc == null) {
                    continue;
                }
                JsonNode node = Json.MAPPER.valueToTree(doc);
                if (!(node instanceof ObjectNode object)) {
                    throw new ManifestException(source, "expected a Kubernetes object (a mapping), got " + node.getNodeType());
                }
                if (object.path("kind").asText("").endsWith("List") && object.has("items")) {
                    object.get("items").forEach(item -> objects.add((ObjectNode) item));
                    continue;
                }
                if (object.path("kind").asText("").isEmpty() || object.path("apiVersion").asText("").isEmpty()) {
                    throw new ManifestException(source, "every object needs apiVersion and kind; got "
                            + Json.write(object).substring(0, Math.min(80, Json.write(object).length())));
                }
                objects.add(object);
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new ManifestException(source, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "invalid YAML: " + e.getProblem());
        }
        return objects;
    }
}
