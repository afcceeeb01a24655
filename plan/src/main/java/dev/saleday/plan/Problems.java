package dev.saleday.plan;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of one plan file, each with the place of the node it is about. */
final class Problems {

    private final String file;
    private final List<PlanProblem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(Node node, String path, String message) {
        Mark mark = node == null ? null : node.getStartMark();
        add(mark, path, message);
    }

    void add(Mark mark, String path, String message) {
        int line = mark == null ? 0 : mark.getLine() + 1;
        int column = mark == null ? 0 : mark.getColumn() + 1;
        problems.add(new PlanProblem(file, line, column, path, message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<PlanProblem> list() {
        return List.copyOf(problems);
    }
}
