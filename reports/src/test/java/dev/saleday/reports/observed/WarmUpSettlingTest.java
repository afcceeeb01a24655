package dev.saleday.reports.observed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.records.WarmUpFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class WarmUpSettlingTest {

    /** Readings 5 s apart of a pod answering 70 requests a window at the given ms of CPU a request each window. */
    public static List<WarmUpFile.Sample> pod(double... cpuMsPerRequestByWindow) {
        List<WarmUpFile.Sample> samples = new ArrayList<>();
        double cpu = 2.0;
        double predicts = 10;
        samples.add(WarmUpFile.Sample.of(0, cpu, predicts));
        for (int i = 0; i < cpuMsPerRequestByWindow.length; i++) {
            cpu += 70 * cpuMsPerRequestByWindow[i] / 1000;
            predicts += 70;
            samples.add(WarmUpFile.Sample.of((i + 1) * 5000L, cpu, predicts));
        }
        return samples;
    }

    @Test
    void aCostThatStoppedFallingHasSettled() {
        // spans of three windows (210 requests): 13.4, 13.2, 13.3 against 14, 13.6, 13.5
        WarmUpSettling settling = WarmUpSettling.of(pod(27, 20, 14, 13.6, 13.5, 13.4, 13.2, 13.3));
        assertThat(settling.settled()).as(settling.reason()).isTrue();
        assertThat(settling.judged()).isTrue();
        assertThat(settling.reason()).isEqualTo(
                "13.3 ms of CPU a request over the last 210 requests, 13.7 over the 210 before: settled");
        assertThat(settling.windowCpuMsPerRequest()).hasSize(8);
        assertThat(settling.lastCpuMsPerRequest()).isCloseTo(13.3, org.assertj.core.data.Offset.offset(1e-9));
        // one window earlier the span before still held the cold pod's 20 ms: falling
        assertThat(WarmUpSettling.of(pod(27, 20, 14, 13.6, 13.5, 13.4, 13.2)).settled()).isFalse();
    }

    @Test
    void aCostStillFallingByMoreThanFivePercentHasNot() {
        // the last three windows 15.5, the three before 16.5: 6 % lower
        WarmUpSettling settling = WarmUpSettling.of(pod(27, 20, 16.5, 16.5, 16.5, 15.5, 15.5, 15.5));
        assertThat(settling.settled()).isFalse();
        assertThat(settling.reason()).endsWith("still falling");
        // 4 % lower has stopped falling
        assertThat(WarmUpSettling.of(pod(27, 20, 16.5, 16.5, 16.5, 15.84, 15.84, 15.84)).settled()).isTrue();
    }

    @Test
    void aRisingCostHasNotSettledEither() {
        // measured in a clean CI run: a warm pod's 12.9-14.9 ms rose to 16.7-17.9 ms, then 20.4 in the steps
        WarmUpSettling settling = WarmUpSettling.of(pod(14.86, 12.86, 16.86, 17.57, 17.86, 16.71));
        assertThat(settling.settled()).isFalse();
        assertThat(settling.judged()).isTrue();
        assertThat(settling.reason()).isEqualTo(
                "17.4 ms of CPU a request over the last 210 requests, 14.9 over the 210 before: rising");
        // 4 % up is within the tolerance
        assertThat(WarmUpSettling.of(pod(14, 14, 14, 14.56, 14.56, 14.56)).settled()).isTrue();
    }

    @Test
    void fewerThanTwoSpansOfTwoHundredRequestsAreNotJudged() {
        WarmUpSettling settling = WarmUpSettling.of(pod(14, 14, 14, 14, 14));
        assertThat(settling.settled()).isFalse();
        assertThat(settling.judged()).isFalse();
        assertThat(settling.reason()).isEqualTo("windows so far: 5 (350 requests); the rule compares two spans of at"
                + " least 2 windows and 200 requests each");
        // a faster pod's spans are two windows: 4 windows of 100 requests are judged
        List<WarmUpFile.Sample> fast = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            fast.add(WarmUpFile.Sample.of(i * 5000L, 1 + i * 1.3, 10 + i * 100));
        }
        assertThat(WarmUpSettling.of(fast).reason()).isEqualTo("13.0 ms of CPU a request over the last 200 requests,"
                + " 13.0 over the 200 before: settled");
    }

    @Test
    void tooFewRequestsAreNotJudged() {
        List<WarmUpFile.Sample> slow = new ArrayList<>();
        for (int i = 0; i <= 12; i++) {
            slow.add(WarmUpFile.Sample.of(i * 5000L, 1 + i * 0.1, 10 + i * 10)); // 2 req/s
        }
        WarmUpSettling settling = WarmUpSettling.of(slow);
        assertThat(settling.settled()).isFalse();
        assertThat(settling.reason()).isEqualTo("windows so far: 12 (120 requests); the rule compares two spans of at"
                + " least 2 windows and 200 requests each");
    }

    @Test
    void aRestartedPodStartsOverAndFailedReadingsAreSkipped() {
        List<WarmUpFile.Sample> samples = new ArrayList<>(pod(14, 14, 14, 14, 14, 14));
        assertThat(WarmUpSettling.of(samples).settled()).isTrue();
        samples.add(WarmUpFile.Sample.failed(35_000, "the pod proxy did not answer within 4 s"));
        samples.add(WarmUpFile.Sample.of(40_000, 1.0, 5)); // the counters went back: a new process
        samples.add(WarmUpFile.Sample.of(45_000, 3.0, 75));
        WarmUpSettling settling = WarmUpSettling.of(samples);
        assertThat(settling.settled()).isFalse();
        assertThat(settling.reason()).isEqualTo("windows so far: 1 (70 requests); the rule compares two spans of at"
                + " least 2 windows and 200 requests each");
        assertThat(settling.windowCpuMsPerRequest()).hasSize(1);
    }

    @Test
    void unreadableMetricsSayWhy() {
        WarmUpSettling settling = WarmUpSettling.of(List.of(WarmUpFile.Sample.failed(0, "the API server refused"
                + " 'get pods/proxy'")));
        assertThat(settling.settled()).isFalse();
        assertThat(settling.reason()).isEqualTo("the pod's metrics could not be read: the API server refused"
                + " 'get pods/proxy'");
    }

    @Test
    void aSampleNamesTheCounterItMisses() {
        assertThat(WarmUpSettling.sample(7, Map.of("process_cpu_seconds_total", 2.5,
                "model_predict_duration_seconds_count", 40.0), "8080/metrics"))
                .isEqualTo(WarmUpFile.Sample.of(7, 2.5, 40));
        // the JVM's own work where the pod shows it: compile time, and the collectors' time summed
        assertThat(WarmUpSettling.sample(7, Map.of("process_cpu_seconds_total", 2.5,
                "model_predict_duration_seconds_count", 40.0, "jvm_compilation_time_seconds_total", 1.25,
                "jvm_gc_collection_seconds_sum{gc=\"Copy\"}", 0.5,
                "jvm_gc_collection_seconds_sum{gc=\"MarkSweepCompact\"}", 0.25,
                "jvm_gc_collection_seconds_count{gc=\"Copy\"}", 9.0), "8080/metrics"))
                .isEqualTo(WarmUpFile.Sample.of(7, 2.5, 40, 1.25, 0.75));
        assertThat(WarmUpSettling.sample(7, Map.of("process_cpu_seconds_total", 2.5), "8080/metrics").failure())
                .isEqualTo("no model_predict_duration_seconds_count on 8080/metrics");
    }
}
