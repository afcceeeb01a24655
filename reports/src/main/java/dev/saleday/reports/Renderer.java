package dev.saleday.reports;

import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns an analysis and its verdict into one output in the run directory (report/index.html, allure-results/,
 * junit.xml, summary.md...). Renderers only read what they are given; they never change the verdict.
 * Implementations are found with {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/dev.saleday.reports.Renderer}) and called by {@link Outputs#writeAll}.
 */
public interface Renderer {

    /** @return a short name for messages, e.g. {@code html} */
    String name();

    /**
     * Writes this renderer's output under {@code runDir}.
     *
     * @throws IOException when it cannot be written; the other renderers still run
     */
    void render(Path runDir, RunAnalysis analysis, Verdict verdict) throws IOException;
}
