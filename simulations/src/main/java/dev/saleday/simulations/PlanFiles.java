package dev.saleday.simulations;

import dev.saleday.plan.Plan;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/** Reads a plan file for a plain Gatling run; a bad plan fails the run with the parser's file:line:col messages. */
final class PlanFiles {

    private PlanFiles() {
    }

    static Plan load(Path file) {
        try {
            // Reflective until the plan module with PlanParser is installed; same call as PlanParser.parse(file).
            Object plan = Class.forName("dev.saleday.plan.PlanParser").getMethod("parse", Path.class).invoke(null, file);
            return (Plan) plan;
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("invalid plan " + file + ":\n" + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the plan parser is not on the classpath: " + e, e);
        }
    }
}
