package dev.saleday.simulations;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanException;
import dev.saleday.plan.PlanParser;

import java.nio.file.Path;

/** Reads a plan file for a plain Gatling run; a bad plan fails the run with the parser's file:line:col messages. */
final class PlanFiles {

    private PlanFiles() {
    }

    static Plan load(Path file) {
        try {
            return PlanParser.parse(file);
        } catch (PlanException e) {
            throw new IllegalArgumentException("invalid plan " + file + ":\n" + e.getMessage(), e);
        }
    }
}
