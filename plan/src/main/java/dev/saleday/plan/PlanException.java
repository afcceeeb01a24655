package dev.saleday.plan;

import java.util.List;
import java.util.stream.Collectors;

/** A plan that cannot run: every problem found, all at once. */
public class PlanException extends Exception {

    private final List<PlanProblem> problems;

    public PlanException(List<PlanProblem> problems) {
        super(problems.stream().map(PlanProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PlanException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<PlanProblem> problems() {
        return problems;
    }
}
