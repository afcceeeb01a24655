package dev.saleday.cli.run;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanWriter;
import dev.saleday.records.RunFile;
import dev.saleday.records.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * A run directory ({@code results/<plan>-<yyyyMMdd-HHmmss>/}): the effective plan and run.json ({@link RunFile}),
 * written by the orchestrator (see docs/RECORDS.md). run.json is written at the start and rewritten, completed, as
 * the run learns more.
 */
public final class RunDirectory {

    public static final String PLAN_FILE = "plan.yaml";
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault());

    private final Path dir;
    private RunInfo run;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the directory ({@code out}, or {@code results/<plan>-<time>} under the working directory) and writes
     * the effective plan into it.
     *
     * @throws InvalidInputException when {@code out} exists and is not empty
     */
    public static RunDirectory create(Plan plan, Path out, long nowMillis) {
        Path dir = out != null ? out : Path.of("results", plan.name() + "-" + STAMP.format(Instant.ofEpochMilli(nowMillis)));
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new InvalidInputException("--out " + dir + " exists and is not empty; a run directory"
                                + " holds one run");
                    }
                }
            }
            Files.createDirectories(dir);
            PlanWriter.write(plan, dir.resolve(PLAN_FILE));
        } catch (IOException e) {
            throw new InvalidInputException("cannot write the run directory " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir.toAbsolutePath().normalize());
    }

    public Path path() {
        return dir;
    }

    /** Writes run.json as known at the start. */
    public synchronized void started(Plan plan, long startedAtMs, String version, boolean dryRun) {
        run = RunInfo.started(plan.name(), startedAtMs, plan.target().cluster().name().toLowerCase(),
                plan.target().namespace(), plan.target().deployment(), version, GitCommit.current(), dryRun);
        RunFile.write(dir, run);
    }

    /** Records where the cluster and the model were reached. */
    public synchronized void target(String context, String url) {
        run = run.withTarget(context, url);
        RunFile.write(dir, run);
    }

    public synchronized void loadStarted(long loadStartMs) {
        run = run.withLoadStart(loadStartMs);
        RunFile.write(dir, run);
    }

    public synchronized void ended(long endedAtMs, boolean interrupted, String abortReason) {
        run = run.withEnd(endedAtMs, interrupted, abortReason);
        RunFile.write(dir, run);
    }
}
