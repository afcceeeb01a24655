package dev.saleday.reports.observed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.records.PodMetricsFile;
import dev.saleday.records.WarmUpFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepsCostTest {

    static final String POD = "recommendation-7d9f-abcde";
    static final long LOAD_START_MS = 100_000;
    static final long STEPS_END_MS = 112_000;

    /** A warm-up that settled at 14 ms of CPU a request (spans of three 70-request windows: 14.0 and 14.0). */
    static WarmUpSettling.OfRun warmUpSettledAt14() {
        List<WarmUpFile.Sample> samples = WarmUpSettlingTest.pod(20, 16, 14, 14, 14, 14, 14, 14);
        return new WarmUpSettling.OfRun(new WarmUpFile.Header(50_000, POD, 14, 5000, 60_000),
                new WarmUpFile.End(95_000, 560, 560, 0, true), WarmUpSettling.of(samples));
    }

    /** Readings of {@code pod} every 2 s from 2 s before the load: {@code rps} answered at {@code cpuMs} each. */
    static List<PodMetricsFile.Scrape> scrapes(String pod, double rps, double cpuMs, int readings) {
        List<PodMetricsFile.Scrape> scrapes = new ArrayList<>();
        for (int i = 0; i < readings; i++) {
            double predicts = 1000 + i * 2 * rps;
            scrapes.add(new PodMetricsFile.Scrape(LOAD_START_MS - 2000 + i * 2000L, pod, i, 5, Map.of(
                    "process_cpu_seconds_total", 30 + (predicts - 1000) * cpuMs / 1000,
                    "model_predict_duration_seconds_count", predicts)));
        }
        return scrapes;
    }

    @Test
    void stepsAtTheWarmUpsCostHold() {
        StepsCost cost = StepsCost.of(warmUpSettledAt14(), scrapes(POD, 20, 14.8, 10), LOAD_START_MS, STEPS_END_MS);
        assertThat(cost.judged()).isTrue();
        assertThat(cost.held()).isTrue();
        assertThat(cost.stepsCpuMsPerRequest()).isCloseTo(14.8, org.assertj.core.data.Offset.offset(1e-9));
        // from the last reading at or before the load's start (100 s) to the first at or after the steps' end (112 s)
        assertThat(cost.stepsRequests()).isEqualTo(240);
        assertThat(cost.reason()).isEqualTo("14.8 ms of CPU a request over the steps' 240 requests, 14.0 at the"
                + " warm-up's end: the same pod");
        assertThat(cost.invalidReason()).isEmpty();
    }

    @Test
    void aPodThatGotDearerAfterItsWarmUpMakesTheSearchInvalid() {
        // the machine slowed: the same pod, the same requests, 20.4 ms of CPU each in the steps
        StepsCost cost = StepsCost.of(warmUpSettledAt14(), scrapes(POD, 20, 20.4, 10), LOAD_START_MS, STEPS_END_MS);
        assertThat(cost.held()).isFalse();
        assertThat(cost.reason()).isEqualTo("20.4 ms of CPU a request over the steps' 240 requests, 14.0 at the"
                + " warm-up's end: +46 %, more than 10 %");
        assertThat(cost.invalidReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("The held pod's CPU a request moved between its warm-up and the steps (20.4 ms")
                .contains("measure again"));
        // cheaper as well: 12.4 is 11 % under 14.0
        assertThat(StepsCost.of(warmUpSettledAt14(), scrapes(POD, 20, 12.4, 10), LOAD_START_MS, STEPS_END_MS)
                .held()).isFalse();
        assertThat(StepsCost.of(warmUpSettledAt14(), scrapes(POD, 20, 12.7, 10), LOAD_START_MS, STEPS_END_MS)
                .held()).isTrue();
    }

    @Test
    void otherPodsReadingsAreNotTheHeldPods() {
        List<PodMetricsFile.Scrape> scrapes = new ArrayList<>(scrapes("recommendation-7d9f-other", 20, 30, 10));
        scrapes.addAll(scrapes(POD, 20, 14.2, 10));
        scrapes.sort(java.util.Comparator.comparingLong(PodMetricsFile.Scrape::tMs));
        assertThat(StepsCost.of(warmUpSettledAt14(), scrapes, LOAD_START_MS, STEPS_END_MS).held()).isTrue();
    }

    @Test
    void whatCannotBeJudgedInvalidatesNothing() {
        assertThat(StepsCost.of(null, scrapes(POD, 20, 30, 10), LOAD_START_MS, STEPS_END_MS).reason())
                .isEqualTo("no settled warm-up to compare the steps with");
        assertThat(StepsCost.of(warmUpSettledAt14(), List.of(), LOAD_START_MS, STEPS_END_MS).reason())
                .isEqualTo("the pod's metrics were not read around the steps");
        StepsCost few = StepsCost.of(warmUpSettledAt14(), scrapes(POD, 2, 30, 10), LOAD_START_MS, STEPS_END_MS);
        assertThat(few.reason()).isEqualTo("24 requests between the readings around the steps, fewer than the 100"
                + " the comparison needs");
        List<PodMetricsFile.Scrape> restarted = new ArrayList<>(scrapes(POD, 20, 14, 4));
        restarted.addAll(scrapes(POD, 0.5, 14, 10).subList(4, 10));
        assertThat(StepsCost.of(warmUpSettledAt14(), restarted, LOAD_START_MS, STEPS_END_MS).reason())
                .isEqualTo("the pod restarted during the steps");
        for (StepsCost cost : List.of(few, StepsCost.of(null, List.of(), 0, 1))) {
            assertThat(cost.judged()).isFalse();
            assertThat(cost.invalidReason()).isEmpty();
        }
    }
}
