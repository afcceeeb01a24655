package dev.saleday.junit5;

import dev.saleday.cli.GameDays;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.cli.run.RunOptions;
import dev.saleday.cli.VerdictPrinter;
import dev.saleday.plan.PlanException;
import dev.saleday.plan.PlanParser;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The extension behind {@link GameDay}: runs the plan in {@code beforeAll} through {@link GameDays#run} (Gatling in
 * this JVM: it needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED}, e.g. in Surefire's {@code argLine}), keeps
 * the result in the class's store, hands it to test methods, and fails the class in {@code afterAll} when the verdict
 * says so.
 */
public final class GameDayExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** A run directory to judge instead of starting a run (the Maven plugin's {@code ${saleday.runDirectory}}). */
    public static final String RUN_DIRECTORY_PROPERTY = "saleday.runDirectory";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GameDayExtension.class);
    private static final String RESULT = "result";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        GameDay gameDay = gameDay(context);
        Path plan = Path.of(gameDay.plan());
        String given = System.getProperty(RUN_DIRECTORY_PROPERTY);
        // "${...}": a build passed the property on unset (no saleday:run before the tests)
        boolean unset = given == null || given.isBlank() || given.startsWith("${");
        GameDays.RunResult result = unset ? run(plan, gameDay) : judge(plan, Path.of(given));
        context.getStore(NAMESPACE).put(RESULT, result);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        GameDays.RunResult result = context.getStore(NAMESPACE).get(RESULT, GameDays.RunResult.class);
        if (result == null) {
            return; // beforeAll failed and said why
        }
        GameDay gameDay = gameDay(context);
        if (result.fails(gameDay.failOn())) {
            throw new AssertionFailedError("saleday: the game day's verdict is "
                    + (result.verdict() == null ? "missing" : result.verdict().verdict())
                    + (result.exitCode() == 3 ? " and a fault was left applied" : "") + " (" + result.runDir()
                    + ")\n" + printed(result.verdict()));
        }
        if (result.verdict() != null && result.verdict().verdict() == Outcome.INVALID) {
            System.err.println("saleday: the game day's verdict is INVALID (failOn = FAIL lets it pass)\n"
                    + printed(result.verdict()));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == Verdict.class || type == RunAnalysis.class || type == GameDays.RunResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        GameDays.RunResult result = extension.getStore(NAMESPACE).get(RESULT, GameDays.RunResult.class);
        if (result == null) {
            throw new ParameterResolutionException("no game day ran for " + extension.getRequiredTestClass()
                    + ": annotate the class with @GameDay");
        }
        Class<?> type = parameter.getParameter().getType();
        Object value = type == Verdict.class ? result.verdict() : type == RunAnalysis.class ? result.analysis()
                : result;
        if (value == null) {
            throw new ParameterResolutionException("the game day in " + result.runDir() + " has no "
                    + type.getSimpleName() + " (its records could not be read; see its verdict.json)");
        }
        return value;
    }

    private static GameDay gameDay(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), GameDay.class)
                .orElseThrow(() -> new ExtensionConfigurationException(context.getRequiredTestClass()
                        + " uses GameDayExtension without @GameDay(plan = ...)"));
    }

    private static GameDays.RunResult run(Path plan, GameDay gameDay) throws IOException {
        String name = plan.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path runDir = Path.of(gameDay.runsDirectory()).toAbsolutePath()
                .resolve(name + "-" + STAMP.format(LocalDateTime.now()));
        StringWriter problems = new StringWriter();
        PrintWriter console = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        RunOptions options = RunOptions.of(plan).withOut(runDir)
                .withTarget(blankToNull(gameDay.target()))
                .withKubeconfig(blankToNull(gameDay.kubeconfig()) == null ? null : Path.of(gameDay.kubeconfig()))
                .withContext(blankToNull(gameDay.context()));
        try {
            return GameDays.run(options, console, new PrintWriter(problems, true));
        } catch (InvalidInputException e) {
            // the plan's problems (file:line:col: path: message) belong in the test report, not only on stderr
            String listed = problems.toString().strip();
            throw listed.isEmpty() ? e : new InvalidInputException(e.getMessage() + ":\n" + listed, e);
        } finally {
            System.err.print(problems);
            System.err.flush();
        }
    }

    /** The build's run of the same plan, judged again from its records. */
    private static GameDays.RunResult judge(Path plan, Path runDir) throws IOException {
        String expected = planName(plan);
        String recorded = planName(runDir.resolve("plan.yaml"));
        if (!expected.equals(recorded)) {
            throw new ExtensionConfigurationException(RUN_DIRECTORY_PROPERTY + "=" + runDir + " is a run of plan '"
                    + recorded + "', not of " + plan + " ('" + expected + "')");
        }
        return GameDays.judge(runDir);
    }

    private static String planName(Path file) {
        try {
            return PlanParser.parse(file).name();
        } catch (PlanException e) {
            throw new ExtensionConfigurationException(e.problems().stream().map(Object::toString)
                    .collect(Collectors.joining("\n")), e);
        }
    }

    private static String printed(Verdict verdict) {
        if (verdict == null) {
            return "";
        }
        StringWriter text = new StringWriter();
        VerdictPrinter.print(verdict, new PrintWriter(text));
        return text.toString().stripTrailing();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
