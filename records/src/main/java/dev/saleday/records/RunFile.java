package dev.saleday.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code run.json}: the run's metadata ({@link RunInfo}), one indented JSON object carrying its format and version.
 * The orchestrator writes it when the run starts and rewrites it, atomically, as it learns more; the analysis reads
 * it. Spec: docs/RECORDS.md.
 */
public final class RunFile {

    public static final RecordFormat FORMAT = new RecordFormat("run.json", "saleday.run", 1);
    public static final String FILE_NAME = FORMAT.fileName();

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFile() {
    }

    /**
     * Writes {@code runDir/run.json} through a temporary file and an atomic move, so a reader never sees half of
     * it. Fields not yet known are left out ({@code gitCommit} is always written, null when unknown; the target's
     * {@code context} and {@code url} once the cluster was reached).
     */
    public static void write(Path runDir, RunInfo run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT.name());
        root.put("version", FORMAT.version());
        root.put("plan", run.plan());
        root.put("startedAtMs", run.startedAtMs());
        ObjectNode target = root.putObject("target");
        target.put("cluster", run.cluster());
        target.put("namespace", run.namespace());
        target.put("deployment", run.deployment());
        if (run.context() != null) {
            target.put("context", run.context());
            target.put("url", run.url());
        }
        root.put("saleday", run.saledayVersion());
        root.put("gitCommit", run.gitCommit());
        root.put("dryRun", run.dryRun());
        root.put("interrupted", run.interrupted());
        if (run.loadStartMs() != null) {
            root.put("loadStartMs", run.loadStartMs());
        }
        if (run.endedAtMs() != null) {
            root.put("endedAtMs", run.endedAtMs());
        }
        if (run.abortReason() != null) {
            root.put("abortReason", run.abortReason());
        }
        Path file = runDir.resolve(FILE_NAME);
        try {
            Path tmp = runDir.resolve(FILE_NAME + ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** @throws RecordException when run.json is not readable JSON, or not a {@code saleday.run} this reads */
    public static RunInfo read(Path file) {
        JsonNode root = FORMAT.readWholeFile(file);
        JsonNode target = root.path("target");
        return new RunInfo(JsonFields.text(root, "plan"), JsonFields.number(root, "startedAtMs"),
                JsonFields.text(target, "cluster"), JsonFields.text(target, "namespace"),
                JsonFields.text(target, "deployment"), JsonFields.text(target, "context"),
                JsonFields.text(target, "url"), JsonFields.text(root, "saleday"), JsonFields.text(root, "gitCommit"),
                root.path("dryRun").asBoolean(false), root.path("interrupted").asBoolean(false),
                JsonFields.number(root, "loadStartMs"), JsonFields.number(root, "endedAtMs"),
                JsonFields.text(root, "abortReason"));
    }
}
