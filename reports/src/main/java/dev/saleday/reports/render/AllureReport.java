package dev.saleday.reports.render;

import dev.saleday.reports.Renderer;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Writes {@code allure-results/} ({@link AllureResults}), then Allure's own HTML from them into
 * {@code allure-report/index.html} with the Allure command line ({@link AllureCommandLine}), when it can be found.
 * When it cannot, {@code allure-report/NOT-GENERATED.txt} says why and how to get it; the results stay usable
 * (any Allure 2 installation, or CI's Allure plugin, reads them).
 */
public final class AllureReport implements Renderer {

    public static final String DIR = "allure-report";
    public static final String NOTE = "NOT-GENERATED.txt";
    /** Allure takes 3-8 s on 2 cores; a minute means something is wrong. */
    static final Duration GENERATE_TIMEOUT = Duration.ofSeconds(120);

    private final Optional<AllureCommandLine> commandLine;

    /** Looks the Allure command line up when rendering (see {@link AllureCommandLine#locate()}). */
    public AllureReport() {
        this.commandLine = null;
    }

    /** With a given command line, or none (empty) to write results only. */
    public AllureReport(Optional<AllureCommandLine> commandLine) {
        this.commandLine = commandLine;
    }

    @Override
    public String name() {
        return "allure";
    }

    @Override
    public void render(Path runDir, RunAnalysis analysis, Verdict verdict) throws IOException {
        Path results = runDir.resolve(AllureResults.DIR);
        AllureResults.write(results, analysis, verdict);
        generateHtml(results, runDir.resolve(DIR));
    }

    /**
     * Runs Allure's generator over {@code results} into {@code reportDir}.
     *
     * @return {@code index.html}, or empty when no Allure command line was found (the note file says so)
     * @throws IOException when the generator ran and failed
     */
    public Optional<Path> generateHtml(Path results, Path reportDir) throws IOException {
        Optional<AllureCommandLine> cli = commandLine != null ? commandLine : AllureCommandLine.locate();
        if (cli.isEmpty()) {
            Files.createDirectories(reportDir);
            Files.writeString(reportDir.resolve(NOTE), note(results), StandardCharsets.UTF_8);
            return Optional.empty();
        }
        Files.deleteIfExists(reportDir.resolve(NOTE));
        return Optional.of(cli.get().generate(results, reportDir, GENERATE_TIMEOUT));
    }

    static String note(Path results) {
        return "Allure's HTML report was not generated: no Allure command line was found.\n\n"
                + "The results are in " + results.getFileName() + "/ and any Allure 2 reads them:\n"
                + "  allure generate --single-file --clean -o allure-report allure-results\n\n"
                + "saleday looks for Allure " + AllureCommandLine.VERSION + " in, first hit wins:\n"
                + "  - the system property -D" + AllureCommandLine.HOME_PROPERTY + "=DIR or the environment variable "
                + AllureCommandLine.HOME_ENV + "=DIR (an unpacked allure-commandline distribution);\n"
                + "  - ~/.m2/repository/io/qameta/allure/allure-commandline/" + AllureCommandLine.VERSION
                + "/allure-commandline-" + AllureCommandLine.VERSION + ".zip (any build of saleday's reports module\n"
                + "    puts it there; or: mvn dependency:get -Dartifact=io.qameta.allure:allure-commandline:"
                + AllureCommandLine.VERSION + ":zip).\n";
    }
}
