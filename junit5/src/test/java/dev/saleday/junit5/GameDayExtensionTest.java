package dev.saleday.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.saleday.cli.GameDays;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/**
 * {@link GameDay} as JUnit runs it (the test kit runs the annotated classes below, which Surefire does not pick up on
 * their own): the verdict and the analysis of a recorded run reach the test methods; a FAIL verdict fails the class
 * even when every method passed; a run that cannot start is an error of the class, not a skip.
 */
class GameDayExtensionTest {

    /** The plan of the recorded runs below. */
    static final String PLAN = "src/test/resources/plans/recorded.yaml";

    static volatile Verdict receivedVerdict;
    static volatile RunAnalysis receivedAnalysis;
    static volatile GameDays.RunResult receivedResult;

    @AfterEach
    void forgetTheRun() {
        System.clearProperty(GameDayExtension.RUN_DIRECTORY_PROPERTY);
        receivedVerdict = null;
        receivedAnalysis = null;
        receivedResult = null;
    }

    @Test
    void testMethodsReceiveTheVerdictAndTheAnalysisOfTheRun() throws Exception {
        Path runDir = recordedRun("pass", 20);

        EngineExecutionResults results = execute(AssertsOnTheRun.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2).failed(0).skipped(0).aborted(0));
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
        assertThat(receivedVerdict.verdict()).isEqualTo(Outcome.PASS);
        assertThat(receivedVerdict.checks()).extracting(c -> c.name()).contains("latency.peak.p99");
        assertThat(receivedAnalysis.phase("peak").orElseThrow().arrivals()).isEqualTo(1000);
        assertThat(receivedResult.runDir()).isEqualTo(runDir.toAbsolutePath().normalize());
        assertThat(receivedResult.verdict()).isSameAs(receivedVerdict);
    }

    @Test
    void aFailedVerdictFailsTheClassEvenWhenEveryTestMethodPassed() throws Exception {
        recordedRun("fail", 80);

        EngineExecutionResults results = execute(AssertsOnTheRun.class);

        // the methods' own rules held ...
        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(receivedVerdict.verdict()).isEqualTo(Outcome.FAIL);
        // ... and the broken promise is still reported, on the class, with the check and its reason
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(AssertsOnTheRun.class),
                finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message(m -> m.contains("verdict is FAIL") && m.contains("FAIL  latency.peak.p99")
                                && m.contains("reason: latency.peak.p99")))));
    }

    @Test
    void aPlanThatIsNotThereIsAnErrorNotASkip() {
        EngineExecutionResults results = execute(MissingPlan.class);

        results.testEvents().assertStatistics(stats -> stats.started(0).skipped(0).aborted(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(MissingPlan.class),
                finishedWithFailure(instanceOf(InvalidInputException.class),
                        message(m -> m.contains("no plan file at target/no-such-plan.yaml")))));
        results.containerEvents().assertStatistics(stats -> stats.skipped(0).aborted(0));
    }

    @Test
    void anInvalidPlanIsAnErrorNamingWhereItIsWrong() {
        EngineExecutionResults results = execute(InvalidPlan.class);

        results.testEvents().assertStatistics(stats -> stats.started(0).skipped(0).aborted(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(InvalidPlan.class),
                finishedWithFailure(instanceOf(InvalidInputException.class),
                        message(m -> m.contains("2 problems in the plan") && m.contains(
                                "invalid.yaml:13:34: traffic.phases[0].duration: expected a duration")))));
    }

    @Test
    void aRunOfAnotherPlanIsRefused() throws Exception {
        Path other = recordedRun("other", 20);
        Files.writeString(other.resolve("plan.yaml"), Files.readString(other.resolve("plan.yaml"))
                .replace("name: recorded", "name: another-plan"));

        EngineExecutionResults results = execute(AssertsOnTheRun.class);

        results.testEvents().assertStatistics(stats -> stats.started(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(AssertsOnTheRun.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message(m -> m.contains("is a run of plan 'another-plan'")))));
    }

    private static EngineExecutionResults execute(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    /**
     * A recorded run of {@link #PLAN} (5 s at 100/s, then the peak: 5 s at 200/s answered in {@code peakLatencyMs});
     * the build's run, as the Maven plugin hands it over.
     */
    private static Path recordedRun(String name, long peakLatencyMs) throws Exception {
        Path runDir = Path.of("target", "game-day-extension-test", name + "-" + System.nanoTime());
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 5_000, 500, 10, true).steady(5_000, 10_000, 1000, peakLatencyMs, true);
        }
        Files.copy(Path.of(PLAN), runDir.resolve("plan.yaml"));
        System.setProperty(GameDayExtension.RUN_DIRECTORY_PROPERTY, runDir.toString());
        return runDir;
    }

    @GameDay(plan = PLAN)
    static class AssertsOnTheRun {

        @org.junit.jupiter.api.Test
        void receivesTheVerdict(Verdict verdict, GameDays.RunResult result) {
            receivedVerdict = verdict;
            receivedResult = result;
            assertThat(verdict.checks()).isNotEmpty();
        }

        @org.junit.jupiter.api.Test
        void receivesTheAnalysis(RunAnalysis analysis) {
            receivedAnalysis = analysis;
            assertThat(analysis.phases()).hasSize(2);
        }
    }

    @GameDay(plan = "target/no-such-plan.yaml")
    static class MissingPlan {
        @org.junit.jupiter.api.Test
        void neverRuns() {
        }
    }

    @GameDay(plan = "src/test/resources/plans/invalid.yaml")
    static class InvalidPlan {
        @org.junit.jupiter.api.Test
        void neverRuns() {
        }
    }
}
