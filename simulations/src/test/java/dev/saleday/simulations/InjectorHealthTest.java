package dev.saleday.simulations;

import dev.saleday.plan.PlanDefaults;
import dev.saleday.simulations.support.Plans;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InjectorHealthTest {

    static final URI URL = URI.create("http://127.0.0.1:1");

    @Test
    void theInjectorJudgesItselfByThePlansMinimumAchievedRate() {
        LoadSettings settings = new LoadSettings("t", Plans.shortSaleDay(), null, URL, Path.of("run"), null, null,
                null, null, 0.8);
        assertThat(settings.minAchievedFraction()).isEqualTo(0.8);
        assertThat(settings.withShard(dev.saleday.simulations.traffic.Shard.parse("1/2")).minAchievedFraction())
                .isEqualTo(0.8);
        assertThat(LoadSettings.of(Plans.shortSaleDay(), URL, Path.of("run")).minAchievedFraction())
                .isEqualTo(PlanDefaults.MIN_ACHIEVED_RATE);
    }

    @Test
    void theWarningStatesTheMinimumItWasHeldTo() {
        InjectorHealth health = new InjectorHealth(1000, 700, 0.7, 4, 0, 10, 40, 0.8, 1000);
        assertThat(health.behind()).isTrue();
        assertThat(health.warning()).contains("THE INJECTOR FELL BEHIND",
                "sent 700 of 1000 intended requests (70.0 %, minimum 80 %)");
        assertThat(new InjectorHealth(1000, 990, 0.99, 0, 0, 10, 40, 0.8, 1000).warning()).isEmpty();
    }

    @Test
    void aPinnedHostIsNotTheInjectorFallingBehindWhenEveryRequestLeftOnTime() {
        // every request sent, none later than 40 ms, the host's CPU pinned in 8 of 20 seconds
        InjectorHealth pinned = new InjectorHealth(1000, 1000, 1.0, 0, 8, 20, 40, 0.95, 1000);
        assertThat(pinned.behind()).isFalse();
        assertThat(pinned.warning()).isEmpty();
        assertThat(pinned.hostStarved()).isTrue();
        assertThat(pinned.hostNotice()).isEqualTo("saleday: the host's CPU was pinned (>= 95 %) in 8 of 20 seconds;"
                + " the injector kept up (sent 1000 of 1000 intended requests, latest send 40 ms late), but the"
                + " target's latency may include the host's starvation (see validity.hostHeadroom)");
        // pinned for under a tenth of the run: no notice
        assertThat(new InjectorHealth(1000, 1000, 1.0, 0, 2, 30, 40, 0.95, 1000).hostNotice()).isEmpty();
    }

    @Test
    void aLateSendIsFallingBehindEvenWhenEveryRequestWasSent() {
        InjectorHealth late = new InjectorHealth(1000, 1000, 1.0, 0, 8, 20, 2300, 0.95, 1000);
        assertThat(late.behind()).isTrue();
        assertThat(late.warning()).contains("THE INJECTOR FELL BEHIND",
                "latest send 2300 ms after its intended time (bound 1000 ms)", "host CPU pinned (>= 95 %) in 8 seconds");
        assertThat(late.hostNotice()).as("the warning already names the pinned seconds").isEmpty();
        assertThat(new InjectorHealth(1000, 1000, 1.0, 0, 0, 20, 1000, 0.95, 1000).behind())
                .as("exactly at the bound").isFalse();
    }
}
