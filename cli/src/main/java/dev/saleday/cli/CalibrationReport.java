package dev.saleday.cli;

import dev.saleday.plan.Plan;
import dev.saleday.reports.calibrate.Calibration;
import dev.saleday.reports.calibrate.MeasuredRun;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;

/** What {@code saleday calibrate} prints. */
final class CalibrationReport {

    private CalibrationReport() {
    }

    static void print(PrintWriter out, Plan plan, Path runDir, MeasuredRun measured, Calibration.Result r,
                      double margin) {
        double peakRps = plan.traffic().phases().stream()
                .mapToDouble(p -> Math.max(p.startRateRps(), p.endRateRps())).max().orElse(0);
        out.printf(Locale.ROOT, "calibrate %s on this host (%d CPUs), from %s (%d seconds)%n", plan.name(),
                measured.cores(), runDir, measured.seconds().size());
        out.printf(Locale.ROOT, "  the injector      %4.0f ms/s + %.2f ms of CPU a request%n",
                r.injectorFixedMsPerS(), r.injectorMsPerRequest());
        out.printf(Locale.ROOT, "  the pods          %4.0f ms/s + %.2f ms of CPU a request%s%n", r.podsFixedMsPerS(),
                r.podsMsPerRequest(), r.podRpsAtLimit() == null ? "" : String.format(Locale.ROOT,
                        "; one pod answers %.0f req/s at its %dm CPU limit", r.podRpsAtLimit(),
                        measured.podCpuLimitMillicores()));
        out.printf(Locale.ROOT, "  bursts            %4.0f ms/s kept free (pod starts; 95th percentile above the"
                + " line)%n", r.burstMsPerS());
        out.printf(Locale.ROOT, "  host rule         starved from %.2f CPUs of our own (90 %% of %d); %.0f %% margin:"
                + " %.2f CPUs%n", r.lineMsPerS() / 1000, measured.cores(), margin * 100, r.budgetMsPerS() / 1000);
        out.printf(Locale.ROOT, "  the plan's peak   %.0f req/s at scale %s needs %.2f CPUs: headroom %.0f %%%s%n",
                peakRps * plan.traffic().scale(), number(plan.traffic().scale()), r.planPeakOwnMsPerS() / 1000,
                r.planPeakHeadroom() * 100, measured.injectorWaitMsPerS() == null ? ""
                        : String.format(Locale.ROOT, " (injector CPU wait at the top rates measured: %.0f ms/s)",
                                measured.injectorWaitMsPerS()));
        out.printf(Locale.ROOT, "largest traffic.scale: %s (peak %.0f req/s)%s%n", number(r.maxScale()),
                r.maxScale() * peakRps, r.replicasAtPeak() == null ? "" : String.format(Locale.ROOT,
                        "; the peak then needs %d pods at their CPU limit", r.replicasAtPeak()));
    }

    /** @return the number as written in a plan: plain decimal, no exponent, no trailing zeros */
    static String number(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
