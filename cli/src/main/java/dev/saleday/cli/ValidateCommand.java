package dev.saleday.cli;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a plan file whole, touching nothing: every problem is printed as",
            "file:line:col: path: message (exit 2); a valid plan prints one summary line (exit 0)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the plan is valid", "2:the plan has problems"})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PLAN", description = "the plan file (saleday/v1 YAML)")
    Path plan;

    @Option(names = "--effective", description = "also print the effective plan (every default filled in)")
    boolean effective;

    @Override
    public Integer call() {
        Plan parsed = PlanInput.load(plan, spec.commandLine().getErr());
        spec.commandLine().getOut().println(PlanSummary.line(parsed));
        if (effective) {
            spec.commandLine().getOut().print(PlanWriter.toYaml(parsed));
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.PASS;
    }
}
