package dev.saleday.reports.observed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.records.HostSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepsCpuSpeedTest {

    static final String POD = "recommendation-7d9f-abcde";
    static final long LOAD_START_MS = 100_000;

    /** One host.jsonl line a second from the load's start, the held pod's process on this host, these readings. */
    static List<HostSample> seconds(String pod, double[]... readingsBySecond) {
        List<HostSample> host = new ArrayList<>();
        for (int i = 0; i < readingsBySecond.length; i++) {
            List<HostSample.Pod> pods = pod == null ? List.of()
                    : List.of(new HostSample.Pod(pod, 4242, 300.0, 5.0, 300L, 0.0));
            host.add(new HostSample(LOAD_START_MS + i * 1000L, 1000, 0.4, 0.1, 20_000L, 10.0,
                    new HostSample.Injector(1, 100.0, 10.0, 0.0), pods,
                    Arrays.stream(readingsBySecond[i]).boxed().toList()));
        }
        return host;
    }

    static double[] cpus(double... readings) {
        return readings;
    }

    /**
     * Measured on this project's machine (2026-12-08, two searches of one 300m pod, CPU probe readings of their
     * steps): CPU 1 at 540-625 us through the first (knee 19 req/s, 17.3 ms of CPU a request), both CPUs at 314-477
     * through the second (knee 24, 13.6 ms).
     */
    @Test
    void oneCpuRunningSlowThroughTheStepsInvalidatesTheSearch() {
        List<HostSample> host = seconds(POD, cpus(361, 602), cpus(346, 552), cpus(342, 544), cpus(340, 589),
                cpus(333, 602), cpus(346, 599), cpus(343, 540), cpus(307, 625), cpus(414, 604), cpus(349, 598));

        StepsCpuSpeed speed = StepsCpuSpeed.of(host, POD, LOAD_START_MS, LOAD_START_MS + 10_000);

        assertThat(speed.judged()).isTrue();
        assertThat(speed.held()).isFalse();
        assertThat(speed.usualMicros()).isEqualTo(344.5);
        assertThat(speed.stepsMicrosByCpu()).containsExactly(348.1, 585.5);
        assertThat(speed.slowdownPercent()).isBetween(35.0, 36.0);
        assertThat(speed.reason()).isEqualTo("the CPUs took 467 us for the recorder's fixed computation over the steps"
                + " (CPU 0 348, CPU 1 586), the fastest CPU's usual 345: +36 %, more than 15 %");
        assertThat(speed.invalidReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("This machine's CPUs ran slower than usual during the steps (the CPUs took 467 us")
                .endsWith("measure again."));
    }

    @Test
    void bothCpusAtTheirUsualSpeedHold() {
        List<HostSample> host = seconds(POD, cpus(345, 330), cpus(344, 365), cpus(336, 330), cpus(397, 340),
                cpus(339, 333), cpus(360, 337), cpus(339, 338), cpus(385, 326), cpus(314, 345), cpus(330, 344),
                cpus(477, 362), cpus(366, 342), cpus(319, 359), cpus(319, 359));

        StepsCpuSpeed speed = StepsCpuSpeed.of(host, POD, LOAD_START_MS, LOAD_START_MS + 14_000);

        assertThat(speed.judged()).isTrue();
        assertThat(speed.held()).isTrue();
        assertThat(speed.slowdownPercent()).isBetween(0.0, 10.0);
        assertThat(speed.invalidReason()).isEmpty();
    }

    /** The usual speed is over the whole search; the steps are the seconds the knee was judged on. */
    @Test
    void aSlowStretchAfterTheJudgedStepsIsNotTheSteps() {
        List<HostSample> host = seconds(POD, cpus(340, 340), cpus(341, 339), cpus(339, 342), cpus(340, 338),
                cpus(600, 590), cpus(610, 600), cpus(620, 590));

        assertThat(StepsCpuSpeed.of(host, POD, LOAD_START_MS, LOAD_START_MS + 3_000).held()).isTrue();
        assertThat(StepsCpuSpeed.of(host, POD, LOAD_START_MS + 4_000, LOAD_START_MS + 6_000).held()).isFalse();
    }

    @Test
    void aPodOnAnotherMachineIsNotJudged() {
        List<HostSample> host = seconds("another-pod", cpus(340, 600), cpus(340, 600), cpus(340, 600));

        StepsCpuSpeed speed = StepsCpuSpeed.of(host, POD, LOAD_START_MS, LOAD_START_MS + 3_000);

        assertThat(speed.judged()).isFalse();
        assertThat(speed.held()).isTrue();
        assertThat(speed.reason()).startsWith("the held pod does not run on this machine");
        assertThat(speed.invalidReason()).isEmpty();
    }

    @Test
    void tooFewReadingsOrNoneAreNotJudged() {
        assertThat(StepsCpuSpeed.of(seconds(POD, cpus(340, 600), cpus(340, 600)), POD, LOAD_START_MS,
                LOAD_START_MS + 2_000).reason()).isEqualTo("2 seconds of CPU 0's speed over the steps, fewer than the 3"
                + " the comparison needs");
        StepsCpuSpeed before3 = StepsCpuSpeed.of(seconds(POD, cpus(), cpus(), cpus()), POD, LOAD_START_MS,
                LOAD_START_MS + 3_000);
        assertThat(before3.judged()).isFalse();
        assertThat(before3.reason()).isEqualTo("no CPU speed recorded (host.jsonl before version 3)");
    }
}
