package dev.saleday.reports.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic of saleday calibrate: costs fitted from measured seconds, the burst kept free, the largest scale. */
class CalibrationTest {

    /**
     * 40 seconds at 100-400 req/s: the injector 100 ms/s + 0.9 ms a request, the pods 10 ms/s + 1.2 ms a request, and
     * two seconds (one at 100, one at 400 req/s) 600 ms/s above that, as new pods' JVMs starting.
     */
    private static List<Calibration.Second> seconds() {
        List<Calibration.Second> seconds = new ArrayList<>();
        for (int rate = 100; rate <= 400; rate += 100) {
            for (int i = 0; i < 10; i++) {
                boolean burst = i == 0 && (rate == 100 || rate == 400);
                seconds.add(new Calibration.Second(rate, 100 + 0.9 * rate, 10 + 1.2 * rate + (burst ? 600 : 0)));
            }
        }
        return seconds;
    }

    @Test
    void theLargestScaleKeepsThePeakAndItsBurstsUnderTheHostRulesLineLessTheMargin() {
        Calibration.Result r = Calibration.compute(new Calibration.Input(2, seconds(), 300L, 100_000, 0.005, 0.1));
        assertThat(r.injectorFixedMsPerS()).isCloseTo(100, within(1e-6));
        assertThat(r.injectorMsPerRequest()).isCloseTo(0.9, within(1e-9));
        // the two bursts sit symmetric about the mean rate: the cost per request stays, the fixed part rises 1200/40
        assertThat(r.podsMsPerRequest()).isCloseTo(1.2, within(1e-9));
        assertThat(r.podsFixedMsPerS()).isCloseTo(40, within(1e-6));
        assertThat(r.burstMsPerS()).isCloseTo(570, within(1e-6));
        assertThat(r.lineMsPerS()).isEqualTo(1800); // 90 % of 2 CPUs
        assertThat(r.budgetMsPerS()).isCloseTo(1620, within(1e-9));
        // (1620 - 140 - 570) / 2.1 = 433.3 req/s at the peak; the plan's peak is 100000 req/s unscaled
        assertThat(r.maxPeakRps()).isCloseTo(433.333, within(1e-3));
        assertThat(r.maxScale()).isEqualTo(0.0043);
        // the plan at 0.005 asks 140 + 2.1 * 500 + 570 = 1760 ms/s: no headroom left
        assertThat(r.planPeakOwnMsPerS()).isCloseTo(1760, within(1e-6));
        assertThat(r.planPeakHeadroom()).isCloseTo(1 - 1760.0 / 1620, within(1e-9)).isNegative();
        // one pod at its 300m limit answers 300 / 1.2 = 250 req/s: 430 req/s need 2
        assertThat(r.podRpsAtLimit()).isCloseTo(250, within(1e-9));
        assertThat(r.replicasAtPeak()).isEqualTo(2);
    }

    @Test
    void aWiderMarginOrAMachineWithMoreCpusMovesTheScaleAccordingly() {
        double tight = Calibration.compute(new Calibration.Input(2, seconds(), 300L, 100_000, 0.005, 0.3)).maxScale();
        double roomy = Calibration.compute(new Calibration.Input(4, seconds(), 300L, 100_000, 0.005, 0.1)).maxScale();
        assertThat(tight).isEqualTo(0.0026); // (1260 - 710) / 2.1 = 261.9
        assertThat(roomy).isEqualTo(0.012); // (3240 - 710) / 2.1 = 1204.8
        // a remote target: no pods on this host, no limit, no replicas
        List<Calibration.Second> injectorOnly = seconds().stream()
                .map(s -> new Calibration.Second(s.rateRps(), s.injectorCpuMsPerS(), 0)).toList();
        Calibration.Result remote = Calibration.compute(new Calibration.Input(2, injectorOnly, null, 100_000, 0.005,
                0.1));
        assertThat(remote.replicasAtPeak()).isNull();
        assertThat(remote.maxScale()).isEqualTo(0.016); // (1620 - 100) / 0.9 = 1688.9
    }

    @Test
    void tooFewSecondsOrNoCostPerRequestIsRefused() {
        assertThatThrownBy(() -> Calibration.compute(new Calibration.Input(2, seconds().subList(0, 9), 300L, 1000,
                1, 0.1))).hasMessageContaining("at least 10 seconds");
        List<Calibration.Second> flat = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            flat.add(new Calibration.Second(100 + 10 * i, 500, 0));
        }
        assertThatThrownBy(() -> Calibration.compute(new Calibration.Input(2, flat, null, 1000, 1, 0.1)))
                .hasMessageContaining("no cost per request");
        // a steady peak alone: every second at about the same rate, nothing to fit a line through
        List<Calibration.Second> steady = seconds().stream().filter(s -> s.rateRps() >= 300).toList();
        assertThatThrownBy(() -> Calibration.compute(new Calibration.Input(2, steady, null, 1000, 1, 0.1)))
                .hasMessageContaining("span 300-400 req/s");
        assertThatThrownBy(() -> new Calibration.Input(2, seconds(), null, 1000, 1, 1.0))
                .hasMessageContaining("margin must be in [0, 1)");
    }

    @Test
    void roundsDownToTwoSignificantDigits() {
        assertThat(Calibration.roundDown(0.0038666)).isEqualTo(0.0038);
        assertThat(Calibration.roundDown(12.99)).isEqualTo(12);
        assertThat(Calibration.roundDown(-1)).isZero();
    }
}
