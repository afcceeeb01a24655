package dev.saleday.reports.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.PlanDefaults;
import dev.saleday.records.HostSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A capacity search is invalid when the host starved saleday's processes in any second of it (a run tolerates
 * {@code maxStarved}; a search of one-second steps does not), judged by the run's rule; quiet, yielding and
 * unmeasured hosts leave it valid.
 */
class CapacityHostTest {

    static final long LOAD_START_MS = 1_800_000_000_000L;
    /** The end of the judged steps: 20 s of search. */
    static final long SEARCH_END_MS = LOAD_START_MS + 20_000;

    /** One reading a second: the injector's run-queue wait, the other work at our priority, the host's busy share. */
    static HostSample second(int offsetS, Double injectorWaitMsPerS, double contendingCpuMsPerS, double cpuBusy) {
        return new HostSample(LOAD_START_MS + offsetS * 1000L, 1000, cpuBusy, 0.1, 20_000L, contendingCpuMsPerS,
                new HostSample.Injector(4242, 150.0, injectorWaitMsPerS, 0.0),
                List.of(new HostSample.Pod("recommendation-a", 4343, 290.0, 20.0, 300L, 0.0)));
    }

    static List<HostSample> quiet(int seconds) {
        List<HostSample> host = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            host.add(second(i, 40.0, 120, 0.3));
        }
        return host;
    }

    @Test
    void aQuietHostLeavesTheSearchValid() {
        assertThat(CapacityHost.invalidReason(quiet(20), 2, PlanDefaults.HOST_HEADROOM, LOAD_START_MS, SEARCH_END_MS)).isEmpty();
    }

    @Test
    void oneStarvedSecondMakesItInvalidNamingWhenAndWhy() {
        List<HostSample> host = quiet(20);
        host.set(12, second(12, 650.0, 1100, 1.0));
        assertThat(CapacityHost.invalidReason(host, 2, PlanDefaults.HOST_HEADROOM, LOAD_START_MS, SEARCH_END_MS)).hasValueSatisfying(
                reason -> assertThat(reason)
                        .startsWith("the host starved saleday's processes of CPU for 1 s of the search: ")
                        .contains("the injector waited 650 ms a second for a CPU from 0:12 to 0:13",
                                "other work at our priority took 1.1 CPUs",
                                "The knee may be the host's, not the pod's"));
    }

    @Test
    void twoStretchesAreSummedAndEachNamed() {
        List<HostSample> host = quiet(20);
        for (int i : new int[] {3, 4, 15}) {
            host.set(i, second(i, 800.0, 1500, 1.0));
        }
        assertThat(CapacityHost.invalidReason(host, 2, null, LOAD_START_MS, SEARCH_END_MS)).hasValueSatisfying(reason ->
                assertThat(reason).contains("for 3 s of the search", "from 0:03 to 0:05", "from 0:15 to 0:16"));
    }

    @Test
    void aBusyHostThatYieldsOrAHostWithoutRunQueueFiguresIsNotJudgedStarved() {
        List<HostSample> yielding = quiet(20);
        yielding.set(7, second(7, 650.0, 100, 1.0)); // we waited, but nothing at our priority took the CPU
        assertThat(CapacityHost.invalidReason(yielding, 2, PlanDefaults.HOST_HEADROOM, LOAD_START_MS, SEARCH_END_MS)).isEmpty();
        List<HostSample> unmeasured = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            unmeasured.add(new HostSample(LOAD_START_MS + i * 1000L, 1000, 1.0, 0.9, 20_000L, 1500.0,
                    new HostSample.Injector(4242, 150.0, null, 0.0), List.of()));
        }
        assertThat(CapacityHost.invalidReason(unmeasured, 2, PlanDefaults.HOST_HEADROOM, LOAD_START_MS, SEARCH_END_MS)).isEmpty();
    }

    @Test
    void secondsAfterTheJudgedStepsAreNotTheSearchs() {
        List<HostSample> host = quiet(24);
        host.set(21, second(21, 900.0, 1500, 1.0)); // the load stopping, Gatling's reports: no step moved
        assertThat(CapacityHost.invalidReason(host, 2, null, LOAD_START_MS, SEARCH_END_MS)).isEmpty();
        assertThat(CapacityHost.invalidReason(host, 2, null, LOAD_START_MS, SEARCH_END_MS + 2000)).isPresent();
    }
}
