package dev.saleday.reports;

import dev.saleday.reports.analysis.LatencyDistribution;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.verdict.Verdict;
import dev.saleday.reports.verdict.VerdictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Writes every output of an analysed run into its run directory. */
public final class Outputs {

    private Outputs() {
    }

    /**
     * Writes verdict.json, the {@code .hgrm} percentile distributions, then every {@link Renderer} on the class
     * path. A renderer that fails does not stop the others.
     *
     * @return one sentence per renderer that failed; empty when all outputs were written
     * @throws IOException when verdict.json or a distribution cannot be written
     */
    public static List<String> writeAll(Path runDir, RunAnalysis analysis, Verdict verdict) throws IOException {
        return writeAll(runDir, analysis, verdict, renderers());
    }

    /** As {@link #writeAll(Path, RunAnalysis, Verdict)} with the given renderers only. */
    public static List<String> writeAll(Path runDir, RunAnalysis analysis, Verdict verdict,
                                        List<Renderer> renderers) throws IOException {
        Files.createDirectories(runDir);
        VerdictJson.write(verdict, runDir.resolve(VerdictJson.FILE_NAME));
        writeDistributions(runDir, analysis);
        List<String> problems = new ArrayList<>();
        for (Renderer renderer : renderers) {
            try {
                renderer.render(runDir, analysis, verdict);
            } catch (IOException | RuntimeException e) {
                problems.add("renderer " + renderer.name() + " failed: " + e);
            }
        }
        return problems;
    }

    /** @return the renderers found on the class path, in a stable order (by name) */
    public static List<Renderer> renderers() {
        List<Renderer> renderers = new ArrayList<>();
        ServiceLoader.load(Renderer.class, Outputs.class.getClassLoader()).forEach(renderers::add);
        renderers.sort(java.util.Comparator.comparing(Renderer::name));
        return renderers;
    }

    /**
     * Writes {@code latency-<scope>.hgrm} (all requests) and {@code latency-<scope>-successful.hgrm} for the whole
     * load and each phase: HdrHistogram's percentile distribution, values in ms.
     */
    public static void writeDistributions(Path runDir, RunAnalysis analysis) throws IOException {
        writeScope(runDir, analysis.overall());
        for (ScopeStats phase : analysis.phases()) {
            writeScope(runDir, phase);
        }
    }

    /** @return the file name of a scope's distribution of all requests */
    public static String hgrmFileName(String scope, boolean successfulOnly) {
        String safe = scope.replaceAll("[^A-Za-z0-9._-]", "_");
        return "latency-" + safe + (successfulOnly ? "-successful" : "") + ".hgrm";
    }

    private static void writeScope(Path runDir, ScopeStats scope) throws IOException {
        write(runDir.resolve(hgrmFileName(scope.name(), false)), scope.all());
        write(runDir.resolve(hgrmFileName(scope.name(), true)), scope.successfulOnly());
    }

    private static void write(Path file, LatencyDistribution distribution) throws IOException {
        Files.writeString(file, distribution.hgrm(), StandardCharsets.UTF_8);
    }
}
