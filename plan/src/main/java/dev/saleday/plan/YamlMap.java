package dev.saleday.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One mapping of the plan, read with its known keys: unknown and duplicate keys are reported when it is opened,
 * typed getters report wrong values and return null, so that reading goes on and every problem is found.
 */
final class YamlMap {

    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries;

    private YamlMap(Node node, String path, Problems problems, Map<String, NodeTuple> entries) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.entries = entries;
    }

    /** @return the mapping, or empty (reported) when the node is not a mapping */
    static Optional<YamlMap> open(Node node, String path, Problems problems, Collection<String> knownKeys) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, path, "expected a mapping (key: value), got " + describe(node));
            return Optional.empty();
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problems.add(keyNode, path, "expected a plain key, got " + describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            String keyPath = join(path, key);
            if (entries.containsKey(key)) {
                problems.add(keyNode, keyPath, "duplicate key '" + key + "' (first at line "
                        + (entries.get(key).getKeyNode().getStartMark().getLine() + 1) + ")");
                continue;
            }
            if (knownKeys != null && !knownKeys.contains(key)) {
                problems.add(keyNode, keyPath, "unknown key '" + key + "'" + NearestName.hint(key, knownKeys));
            }
            entries.put(key, tuple);
        }
        return Optional.of(new YamlMap(node, path, problems, entries));
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.getTag().equals(Tag.NULL)) {
            return "nothing";
        }
        return "'" + scalar.getValue() + "'";
    }

    Node node() {
        return node;
    }

    String path() {
        return path;
    }

    Problems problems() {
        return problems;
    }

    String child(String key) {
        return join(path, key);
    }

    Collection<String> keys() {
        return entries.keySet();
    }

    /** @return the key's value node; empty when the key is absent or its value is null */
    Optional<Node> get(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    boolean has(String key) {
        return get(key).isPresent();
    }

    /** @return the node of the key itself (for problems about the key), else the mapping's */
    Node keyNode(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? node : tuple.getKeyNode();
    }

    /** Reports a problem on the key's value (or on the mapping when the key is absent). */
    void problem(String key, String message) {
        problems.add(get(key).orElse(node), child(key), message);
    }

    void missing(String key, String expected) {
        problems.add(node, child(key), "missing required key '" + key + "' (" + expected + ")");
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /** Reads a value with a converter that throws IllegalArgumentException with the message to report. */
    <T> T read(String key, Function<Node, T> converter) {
        Optional<Node> value = get(key);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return converter.apply(value.get());
        } catch (IllegalArgumentException e) {
            problems.add(value.get(), child(key), e.getMessage());
            return null;
        }
    }

    <T> T required(String key, String expected, Function<Node, T> converter) {
        if (!has(key)) {
            missing(key, expected);
            return null;
        }
        return read(key, converter);
    }

    String string(String key) {
        return read(key, Scalars::string);
    }

    Double number(String key) {
        return read(key, Scalars::number);
    }

    Long integer(String key) {
        return read(key, Scalars::integer);
    }

    Boolean bool(String key) {
        return read(key, Scalars::bool);
    }

    Duration duration(String key) {
        return read(key, Scalars::duration);
    }

    Double percent(String key) {
        return read(key, Scalars::percent);
    }

    Count count(String key) {
        return read(key, Scalars::count);
    }

    Optional<YamlMap> map(String key, Collection<String> knownKeys) {
        return get(key).flatMap(n -> open(n, child(key), problems, knownKeys));
    }

    /** @return the items of a list value with their paths ({@code key[i]}); empty (reported) when not a list */
    List<Item> list(String key) {
        Optional<Node> value = get(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!(value.get() instanceof SequenceNode sequence)) {
            problems.add(value.get(), child(key), "expected a list, got " + describe(value.get()));
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new Item(sequence.getValue().get(i), child(key) + "[" + i + "]"));
        }
        return items;
    }

    /** One element of a list, with its path. */
    record Item(Node node, String path) {
    }
}
