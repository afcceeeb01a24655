package dev.saleday.reports.observed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.saleday.records.TimelineEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostOfDayTest {

    static final long T0 = 1_764_338_412_000L;

    static TimelineEvent pod(long offsetMs, String event, String pod, Long cpuRequestMillicores) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("event", event);
        fields.put("pod", pod);
        fields.put("cpuRequestMillicores", cpuRequestMillicores);
        return new TimelineEvent(T0 + offsetMs, "pod", fields);
    }

    @Test
    void autoscaledPodsCostTheirLifetimesAgainstAFleetSizedForThePeak() {
        List<TimelineEvent> timeline = new ArrayList<>();
        // two pods all along (from before the load), two more for the second half, one of which dies 25 % early
        timeline.add(pod(-30_000, "scheduled", "a", 500L));
        timeline.add(pod(-30_000, "scheduled", "b", 500L));
        timeline.add(pod(50_000, "scheduled", "c", 500L));
        timeline.add(pod(50_000, "scheduled", "d", 500L));
        timeline.add(pod(75_000, "deleted", "d", 500L));
        timeline.add(pod(200_000, "deleted", "c", 500L)); // after the load: clipped
        CostOfDay cost = CostOfDay.of(timeline, T0, T0 + 100_000, 0.04);
        assertThat(cost.windowSeconds()).isEqualTo(100);
        assertThat(cost.podSeconds()).isEqualTo(100 + 100 + 50 + 25);
        assertThat(cost.peakPods()).isEqualTo(4);
        assertThat(cost.fixedPodSeconds()).isEqualTo(400);
        assertThat(cost.cpuRequestMillicores()).isEqualTo(500);
        assertThat(cost.coreHours()).isCloseTo(275 * 0.5 / 3600, within(1e-12));
        assertThat(cost.fixedCoreHours()).isCloseTo(400 * 0.5 / 3600, within(1e-12));
        assertThat(cost.cost()).isCloseTo(275 * 0.5 / 3600 * 0.04, within(1e-12));
        assertThat(cost.saving()).isCloseTo(125 * 0.5 / 3600 * 0.04, within(1e-12));
        assertThat(cost.savingFraction()).isCloseTo(125.0 / 400, within(1e-12));
        assertThat(cost.arithmetic()).containsExactly(
                "autoscaled: 275 pod-seconds x their CPU requests = 0.0382 core-hours x 0.04/core-hour = 0.0015",
                "fixed for the peak: 4 pods x 100 s = 400 pod-seconds x 500 m = 0.0556 core-hours x 0.04/core-hour"
                        + " = 0.0022");
    }

    @Test
    void withoutRequestsOnlyPodSecondsAreCompared() {
        CostOfDay cost = CostOfDay.of(List.of(pod(0, "scheduled", "a", null), pod(0, "scheduled", "b", null),
                pod(50_000, "deleted", "b", null)), T0, T0 + 100_000, 0.04);
        assertThat(cost.coreHours()).isNaN();
        assertThat(cost.cpuRequestMillicores()).isNull();
        assertThat(cost.savingFraction()).isEqualTo(0.25);
    }
}
