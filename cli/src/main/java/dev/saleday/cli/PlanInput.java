package dev.saleday.cli;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanException;
import dev.saleday.plan.PlanParser;
import dev.saleday.plan.PlanProblem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a plan file for a command; prints every problem ({@code file:line:col: path: message}) when it is wrong. */
final class PlanInput {

    private PlanInput() {
    }

    /** @throws InvalidPlanException after printing the problems to {@code err} */
    static Plan load(Path file, PrintWriter err) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no plan file at " + file);
        }
        try {
            return PlanParser.parse(file);
        } catch (PlanException e) {
            for (PlanProblem problem : e.problems()) {
                err.println(problem);
            }
            throw new InvalidPlanException(e.problems().size());
        }
    }

    /** The plan had problems, already printed. */
    static final class InvalidPlanException extends InvalidInputException {
        InvalidPlanException(int problems) {
            super(problems + (problems == 1 ? " problem" : " problems") + " in the plan; nothing was run");
        }
    }
}
