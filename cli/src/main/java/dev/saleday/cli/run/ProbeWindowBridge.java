package dev.saleday.cli.run;

import dev.saleday.simulations.probe.ProbeWindow;
import java.time.Duration;

/** The prober's window (simulations) as chaos reads it: NaN when no probe ended in the window. */
final class ProbeWindowBridge implements dev.saleday.chaos.ProbeWindow {

    private final ProbeWindow window;

    ProbeWindowBridge(ProbeWindow window) {
        this.window = window;
    }

    @Override
    public double errorRate(Duration duration) {
        ProbeWindow.Stats stats = window.last(clamp(duration));
        return stats.probes() == 0 ? Double.NaN : stats.errorRate();
    }

    @Override
    public double p99Millis(Duration duration) {
        ProbeWindow.Stats stats = window.last(clamp(duration));
        return stats.probes() == 0 || stats.p99Millis() < 0 ? Double.NaN : stats.p99Millis();
    }

    private static Duration clamp(Duration duration) {
        return duration.compareTo(ProbeWindow.LONGEST) > 0 ? ProbeWindow.LONGEST : duration;
    }
}
