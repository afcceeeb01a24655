package dev.saleday.cli;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.records.RecordException;
import dev.saleday.reports.baseline.Compare;
import dev.saleday.reports.verdict.Verdict;
import dev.saleday.reports.verdict.VerdictJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Prints two runs' verdicts side by side: outcome, headline numbers per phase, every check,",
            "and the change from A to B. Each argument is a run directory or a verdict.json."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:both verdicts were read and compared",
            "2:a run directory or verdict.json is missing or unreadable",
            "3:internal error"})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "the earlier run (directory or verdict.json)")
    Path runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "the later run (directory or verdict.json)")
    Path runB;

    @Override
    public Integer call() {
        Verdict a = read(runA);
        Verdict b = read(runB);
        spec.commandLine().getOut().print(Compare.table(label(runA), a, label(runB), b));
        spec.commandLine().getOut().flush();
        return ExitCodes.PASS;
    }

    private static Verdict read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(VerdictJson.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no verdict at " + file + " (run `saleday analyze` on the run first)");
        }
        try {
            return VerdictJson.read(file);
        } catch (RecordException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    private static String label(Path path) {
        Path name = (Files.isDirectory(path) ? path : path.toAbsolutePath().getParent()).getFileName();
        return name == null ? path.toString() : name.toString();
    }
}
