package dev.saleday.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.records.WarmUpFile;
import dev.saleday.reports.observed.WarmUpSettling;
import dev.saleday.reports.observed.WarmUpSettlingTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capacity page's warm-up line: how long of its maximum, whether the pod's CPU a request settled, window by window. */
class CapacityPageWarmUpTest {

    static WarmUpSettling.OfRun warmUp(boolean ended, double... cpuMsPerRequestByWindow) {
        List<WarmUpFile.Sample> samples = WarmUpSettlingTest.pod(cpuMsPerRequestByWindow);
        WarmUpFile.Header header = new WarmUpFile.Header(0, "recommendation-abc", 14, 5_000, 60_000);
        WarmUpFile.End end = ended ? new WarmUpFile.End(cpuMsPerRequestByWindow.length * 5_000L + 100, 420, 420, 0,
                true) : null;
        return WarmUpSettling.ofRun(new WarmUpFile.Contents(header, samples, end, ended));
    }

    @Test
    void aSettledWarmUpSaysHowLongAndTheCostWindowByWindow() {
        assertThat(CapacityPage.warmUpLine(warmUp(true, 27, 14, 13.6, 13.5, 13.4, 13.2, 13.3))).isEqualTo(
                "14 req/s to recommendation-abc for 35 s of at most 60 s: settled (13.3 ms of CPU a request over the"
                        + " last 210 requests, 13.7 over the 210 before: settled). The pod's CPU a request, each 5 s:"
                        + " 27.0, 14.0, 13.6, 13.5, 13.4, 13.2, 13.3 ms.");
    }

    @Test
    void anUnsettledOneWarnsThatTheKneeMayBeLow() {
        assertThat(CapacityPage.warmUpLine(warmUp(false, 30, 25, 22, 20, 18, 16)))
                .startsWith("14 req/s to recommendation-abc for an unfinished warm-up of at most 60 s: NOT settled:"
                        + " the steps measured a pod still getting cheaper, the knee may be low (18.0 ms of CPU a"
                        + " request over the last 210 requests, 25.7 over the 210 before: still falling).");
    }

    @Test
    void onlyAnUnsettledWarmUpMakesTheSearchInvalid() {
        assertThat(warmUp(true, 27, 14, 13.6, 13.5, 13.4, 13.2, 13.3).invalidReason()).isEmpty();
        // too few requests to judge (as with metrics that cannot be read): a fixed warm-up, nothing invalidated
        WarmUpSettling.OfRun unjudged = warmUp(true, 14, 14, 14);
        assertThat(unjudged.settling().judged()).isFalse();
        assertThat(unjudged.settling().settled()).isFalse();
        assertThat(unjudged.invalidReason()).isEmpty();
        assertThat(warmUp(true, 14.86, 12.86, 16.86, 17.57, 17.86, 16.71).invalidReason()).hasValue(
                "The held pod's CPU a request had not settled when the steps began (17.4 ms of CPU a request over the"
                        + " last 210 requests, 14.9 over the 210 before: rising, after 30 s of at most 60 s): the knee"
                        + " may be its JIT's or its host's, not the steady pod's; a longer --warm-up gives it more time.");
    }
}
