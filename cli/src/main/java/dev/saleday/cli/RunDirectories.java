package dev.saleday.cli;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.Plan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads what a command needs from an existing run directory. */
final class RunDirectories {

    static final String PLAN_FILE = "plan.yaml";

    private RunDirectories() {
    }

    /** @return the run's effective plan; problems printed and {@link InvalidInputException} when unusable */
    static Plan plan(Path runDir, PrintWriter err) {
        if (!Files.isDirectory(runDir)) {
            throw new InvalidInputException("no run directory at " + runDir);
        }
        Path plan = runDir.resolve(PLAN_FILE);
        if (!Files.isRegularFile(plan)) {
            throw new InvalidInputException(runDir + " is not a saleday run directory: it has no " + PLAN_FILE);
        }
        return PlanInput.load(plan, err);
    }
}
