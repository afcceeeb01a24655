package dev.saleday.cli;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.cli.run.GameDay;
import dev.saleday.cli.run.RunOptions;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.records.RecordException;
import dev.saleday.reports.calibrate.Calibration;
import dev.saleday.reports.calibrate.MeasuredRun;
import dev.saleday.simulations.StepCapacitySimulation;
import dev.saleday.plan.PlanException;
import dev.saleday.plan.PlanParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Measures on this machine and target what the plan's load costs: the injector's and the pods'",
            "CPU per request, what one pod answers at its CPU limit, and the headroom the plan's peak leaves on",
            "this host. Prints the largest traffic.scale that keeps the host out of starvation by saleday's own",
            "load (validity.hostHeadroom) with a margin, and the replicas the peak then needs.",
            "Measures with a short step load (the plan's target and traffic at 25, 50, 75 and 100 %% of its peak,",
            "10 s each, no faults) unless --from names a run of the plan already recorded."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:calibrated", "2:invalid plan, options or records"
                + " (nothing touched)", "3:internal error"})
final class CalibrateCommand implements Callable<Integer> {

    static final Duration STEP = Duration.ofSeconds(10);
    static final int STEPS = 4;

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--from", paramLabel = "RUN_DIR",
            description = "calibrate from a run already recorded on this machine (its host.jsonl and"
                    + " injector.jsonl) instead of measuring")
    Path from;

    @Option(names = "--margin", paramLabel = "PERCENT", defaultValue = "10",
            description = "share of the host rule's line kept free at the peak, in percent (default ${DEFAULT-VALUE})")
    double marginPercent;

    @Option(names = "--write", paramLabel = "FILE",
            description = "writes a copy of the plan with that traffic.scale (the scale line edited in the text:"
                    + " comments and layout kept)")
    Path write;

    @Option(names = "--out", paramLabel = "DIR",
            description = "the measurement's run directory (default results/<plan>-calibrate-<time>)")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!(marginPercent >= 0 && marginPercent < 100)) {
            throw new InvalidInputException("--margin: must be in [0, 100), got " + marginPercent);
        }
        Path plan = targetOptions.plan;
        RunOptions options = targetOptions.runOptions();
        Plan parsed = PlanInput.load(plan, stderr);
        Plan effective = options.applyTo(parsed, stderr); // a wrong override: exit 2 before anything runs
        if (write != null && write.toAbsolutePath().normalize().equals(plan.toAbsolutePath().normalize())) {
            throw new InvalidInputException("--write: " + write + " is the plan itself; name a copy");
        }
        double peakRps = parsed.traffic().phases().stream()
                .mapToDouble(p -> Math.max(p.startRateRps(), p.endRateRps())).max().orElse(0);
        if (!(peakRps > 0)) {
            throw new InvalidInputException(plan + ": traffic.phases: no phase with a rate above 0 to calibrate");
        }
        Path runDir = from != null ? from : measure(effective, options, peakRps, stdout, stderr);
        MeasuredRun measured;
        try {
            measured = MeasuredRun.read(runDir);
        } catch (RecordException e) {
            throw new InvalidInputException(e.getMessage());
        }
        Calibration.Result result;
        try {
            result = Calibration.compute(new Calibration.Input(measured.cores(), measured.seconds(),
                    measured.podCpuLimitMillicores(), peakRps, parsed.traffic().scale(), marginPercent / 100));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(runDir + ": " + e.getMessage());
        }
        CalibrationReport.print(stdout, parsed, runDir, measured, result, marginPercent / 100);
        if (write != null) {
            writeCopy(result.maxScale(), stderr);
            stdout.println("wrote " + write + " (traffic.scale " + CalibrationReport.number(result.maxScale()) + ")");
        }
        stdout.flush();
        return ExitCodes.PASS;
    }

    /** Writes the copy once its text reads as a valid plan from the copy's folder (relative paths resolve there). */
    private void writeCopy(double scale, PrintWriter stderr) throws IOException {
        String text = ScaleLine.withScale(Files.readString(targetOptions.plan, StandardCharsets.UTF_8), scale);
        Path folder = write.toAbsolutePath().normalize().getParent();
        try {
            PlanParser.parse(text, write.toString(), folder);
        } catch (PlanException e) {
            e.problems().forEach(stderr::println);
            throw new InvalidInputException("--write: the copy would not be a valid plan in " + folder
                    + " (relative paths resolve from the copy's folder: write it beside the plan); nothing written");
        }
        Files.writeString(write, text, StandardCharsets.UTF_8);
    }

    /** Runs the step load against the plan's target as the options override it; returns its run directory. */
    private Path measure(Plan effective, RunOptions options, double peakRps, PrintWriter stdout, PrintWriter stderr)
            throws IOException {
        if (!Object.class.getModule().isOpen("java.lang", CalibrateCommand.class.getModule())) {
            throw new IllegalStateException("saleday runs Gatling in this JVM, which needs"
                    + " --add-opens=java.base/java.lang=ALL-UNNAMED");
        }
        Plan steps = steps(effective, peakRps);
        Path runDir = out != null ? out : Path.of("results", effective.name() + "-calibrate-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        stdout.printf(Locale.ROOT, "measuring: %s, %d steps of %d s up to the plan's peak (%.0f req/s), no faults%n",
                effective.target().cluster(), STEPS, STEP.toSeconds(), peakRps * effective.traffic().scale());
        stdout.flush();
        GameDay.Outcome outcome = new GameDay(steps, options.withOut(runDir), stdout, stderr,
                Version.current()).run();
        return outcome.runDir();
    }

    /** @return the plan with its faults left out and its phases replaced by the steps up to its peak rate */
    static Plan steps(Plan plan, double peakRps) {
        // the capacity search's steps (step-01-<rate>rps ...), in the plan's unscaled rates: the run scales them
        List<Phase> phases = StepCapacitySimulation.phases(peakRps / STEPS, peakRps / STEPS, STEPS, STEP);
        return new Plan(plan.name(), plan.target(), plan.traffic().withPhases(phases), List.of(), plan.guards(),
                plan.slo(), plan.report(), plan.observe());
    }
}
