package dev.saleday.junit5;

import dev.saleday.cli.GameDays;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a plan once for the annotated test class, before its first test; its test methods take the
 * {@link dev.saleday.reports.verdict.Verdict}, the {@link dev.saleday.reports.analysis.RunAnalysis} or the whole
 * {@link GameDays.RunResult} as parameters and assert on them with the team's own rules.
 *
 * <pre>{@code
 * @GameDay(plan = "plans/ci.yaml")
 * class CheckoutSurvivesTheSale {
 *     @Test
 *     void peakP99UnderHalfASecond(RunAnalysis analysis) { ... }
 * }
 * }</pre>
 *
 * A FAIL or INVALID verdict fails the class after its tests ran (see {@link #failOn()}), whatever the methods
 * asserted: a broken promise is never reported as passed. A plan that is wrong or a run that cannot start fails the
 * class before any test, as an error, never a skip.
 *
 * <p>When the system property {@value GameDayExtension#RUN_DIRECTORY_PROPERTY} names a run directory of the same
 * plan (set it from the Maven plugin's {@code ${saleday.runDirectory}}), that run is judged instead of starting
 * another: one game day per build.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(GameDayExtension.class)
public @interface GameDay {

    /** The plan file, relative to the working directory (a Maven module's base directory under Surefire). */
    String plan();

    /** Overrides the plan's target.cluster: {@code local} or {@code kubeconfig}; empty keeps the plan's. */
    String target() default "";

    /** Overrides target.kubeconfig; empty keeps the plan's. */
    String kubeconfig() default "";

    /** Overrides target.context (still checked against guards.allowContexts); empty keeps the plan's. */
    String context() default "";

    /** Where the run directory goes: {@code <plan>-<yyyyMMdd-HHmmss>/} in it. */
    String runsDirectory() default "target/saleday";

    /** Which verdicts fail the class: FAIL and INVALID by default; {@code FAIL} lets an INVALID run warn. */
    GameDays.FailOn failOn() default GameDays.FailOn.FAIL_OR_INVALID;
}
