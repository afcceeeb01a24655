package dev.saleday.cli;

import dev.saleday.cli.input.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code saleday} command: one plan, one command, one verdict.
 */
@Command(name = "saleday", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Proves or disproves, with numbers, that a model deployed on Kubernetes survives its",
            "biggest day: sale-day traffic, faults injected while it runs, one verdict."},
        subcommands = {ValidateCommand.class, RunCommand.class, AnalyzeCommand.class, CompareCommand.class,
            CapacityCommand.class, CalibrateCommand.class,
            RecoverCommand.class, ClusterCommand.class, InjectCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check passed (validate: the plan is valid)",
            "1:the run was valid and a check failed",
            "2:invalid input (plan, options, run directory) or an invalid run",
            "3:internal error, or interrupted (faults undone, run directory left analysable)"})
public final class Saleday implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; used by {@link #main} and by tests in-process. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Saleday());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("saleday: " + e.getMessage());
            failed.usage(failed.getErr());
            return ExitCodes.INVALID;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            if (e instanceof InvalidInputException) {
                failed.getErr().println("saleday: " + e.getMessage());
                return ExitCodes.INVALID;
            }
            failed.getErr().println("saleday: internal error: " + e);
            e.printStackTrace(failed.getErr());
            return ExitCodes.INTERNAL;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
