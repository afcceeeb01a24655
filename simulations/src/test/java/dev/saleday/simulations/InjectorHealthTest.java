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
        InjectorHealth health = new InjectorHealth(1000, 700, 0.7, 4, 0, 10, true, 0.8);
        assertThat(health.warning()).contains("sent 700 of 1000 intended requests (70.0 %, minimum 80 %)");
        assertThat(new InjectorHealth(1000, 990, 0.99, 0, 0, 10, false, 0.8).warning()).isEmpty();
    }
}
