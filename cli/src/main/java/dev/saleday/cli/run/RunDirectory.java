package dev.saleday.cli.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run directory ({@code results/<plan>-<yyyyMMdd-HHmmss>/}): the effective plan and run.json, written by the
 * orchestrator (see docs/RECORDS.md). run.json is written at the start and rewritten, completed, at the end.
 */
public final class RunDirectory {

    public static final String PLAN_FILE = "plan.yaml";
    public static final String RUN_FILE = "run.json";
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Map<String, Object> run = new LinkedHashMap<>();

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
        run.put("format", "saleday.run");
        run.put("version", 1);
        run.put("plan", plan.name());
        run.put("startedAtMs", startedAtMs);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("cluster", plan.target().cluster().name().toLowerCase());
        target.put("namespace", plan.target().namespace());
        target.put("deployment", plan.target().deployment());
        run.put("target", target);
        run.put("saleday", version);
        run.put("gitCommit", GitCommit.current());
        run.put("dryRun", dryRun);
        run.put("interrupted", false);
        write();
    }

    /** Records where the cluster and the model were reached. */
    @SuppressWarnings("unchecked")
    public synchronized void target(String context, String url) {
        Map<String, Object> target = (Map<String, Object>) run.get("target");
        target.put("context", context);
        target.put("url", url);
        write();
    }

    public synchronized void loadStarted(long loadStartMs) {
        run.put("loadStartMs", loadStartMs);
        write();
    }

    public synchronized void ended(long endedAtMs, boolean interrupted, String abortReason) {
        run.put("endedAtMs", endedAtMs);
        run.put("interrupted", interrupted);
        if (abortReason != null) {
            run.put("abortReason", abortReason);
        }
        write();
    }

    private void write() {
        try {
            Path tmp = dir.resolve(RUN_FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), run);
            Files.move(tmp, dir.resolve(RUN_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(RUN_FILE), e);
        }
    }
}
