package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanDefaults;
import dev.saleday.plan.Slo;
import dev.saleday.reports.analysis.HostStarvation;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code validity.hostHeadroom}: a check measured while the host starved our processes of CPU for longer than
 * {@code slo.hostHeadroom.maxStarved} measured the host, not the model. The run is then INVALID; the detail names
 * each such stretch with its figures and every check it touched, and each touched check says in its own detail that
 * it is unreliable. The other checks keep their outcome. Without host.jsonl (or without run-queue figures in it: not
 * Linux) the rule passes, saying it was not judged.
 */
final class HostHeadroomCheck {

    static final String NAME = dev.saleday.reports.verdict.Verdict.InvalidBy.HOST_CHECK;
    static final String UNRELIABLE = dev.saleday.reports.verdict.Verdict.InvalidBy.HOST_UNRELIABLE;

    /** What a run starved by its own load tells its reader to do. */
    static final String OWN_LOAD_ADVICE = "the plan asks more of this machine than it has: lower traffic.scale,"
            + " see saleday calibrate";

    private HostHeadroomCheck() {
    }

    /**
     * @param checks every other check, validity checks first
     * @return the checks with {@code validity.hostHeadroom} after the other validity checks and the touched checks
     *         marked unreliable
     */
    static List<Check> apply(RunAnalysis analysis, Plan plan, List<Check> checks) {
        Slo.HostHeadroom bounds = plan.slo().hostHeadroom();
        Check headroom;
        Set<String> touchedNames = new LinkedHashSet<>();
        if (bounds == null) {
            // a plan built in code without the bounds
            headroom = new Check(NAME, CheckKind.VALIDITY, true, Double.NaN,
                    PlanDefaults.HOST_HEADROOM.maxStarved().toMillis() / 1000.0, "s", Comparison.AT_MOST,
                    "not judged: the plan has no host headroom bounds (host.jsonl still records the host)", null);
            return insert(checks, headroom, touchedNames);
        }
        double threshold = bounds.maxStarved().toMillis() / 1000.0;
        if (!HostStarvation.measured(analysis.host())) {
            String why = analysis.host().isEmpty() ? "host.jsonl was not recorded"
                    : "host.jsonl has no run-queue figures (this host's kernel does not offer them)";
            headroom = new Check(NAME, CheckKind.VALIDITY, true, Double.NaN, threshold, "s", Comparison.AT_MOST,
                    "not judged: " + why, null);
            return insert(checks, headroom, touchedNames);
        }
        CheckWindows windows = new CheckWindows(analysis, plan);
        List<String> stretches = new ArrayList<>();
        double longestMs = 0;
        Long worstAtMs = null;
        for (HostStarvation.Starved starved : analysis.starved()) {
            List<String> touched = new ArrayList<>();
            for (Check check : checks) {
                if (check.kind() == CheckKind.VALIDITY) {
                    continue;
                }
                Optional<CheckWindows.Window> window = windows.of(check);
                if (window.isPresent() && window.get().overlaps(starved.fromMs(), starved.toMs())) {
                    touched.add(check.name());
                }
            }
            if (touched.isEmpty()) {
                continue; // starved while no check measured
            }
            touchedNames.addAll(touched);
            if (starved.durationMs() > longestMs) {
                longestMs = starved.durationMs();
                worstAtMs = starved.fromMs();
            }
            stretches.add(describe(starved, analysis) + "; unreliable: " + String.join(", ", touched));
        }
        String detail = stretches.isEmpty()
                ? String.format(Locale.ROOT, "saleday's processes got a CPU when they needed one (no stretch over"
                        + " %s s with other work at our priority taking %.1f CPUs, or our own processes %.0f %% of"
                        + " a %.0f %% busy host, while the injector waited %d ms a second or the pods %.0f %%)",
                        trim(threshold), HostStarvation.MIN_CONTENDING_CPU_MS_PER_S / 1000,
                        HostStarvation.OWN_SHARE_OF_HOST * 100, HostStarvation.SATURATED_BUSY * 100,
                        bounds.maxInjectorWait().toMillis(), bounds.maxPodWaitFraction() * 100)
                : "the host starved saleday's processes of CPU: " + String.join("; ", stretches);
        headroom = Check.of(NAME, CheckKind.VALIDITY, longestMs / 1000.0, threshold, "s", Comparison.AT_MOST, detail,
                worstAtMs);
        return insert(checks, headroom, touchedNames);
    }

    /**
     * e.g. {@code the injector waited 410 ms a second for a CPU from 1:52 to 2:20; the pods 38 % (host 97 % busy)}; a
     * stretch of saleday's own load says so and what to do
     */
    static String describe(HostStarvation.Starved starved, RunAnalysis analysis) {
        return describe(starved, analysis.overall().startMs());
    }

    /** As {@link #describe(HostStarvation.Starved, RunAnalysis)}, the times counted from {@code loadStartMs}. */
    static String describe(HostStarvation.Starved starved, long loadStartMs) {
        String span = "from " + clock(starved.fromMs() - loadStartMs) + " to " + clock(starved.toMs() - loadStartMs);
        List<String> parts = new ArrayList<>();
        if (starved.injectorWaitMsPerS() != null) {
            parts.add(String.format(Locale.ROOT, "the injector waited %.0f ms a second for a CPU %s",
                    starved.injectorWaitMsPerS(), span));
        }
        if (starved.podsWaitFraction() != null) {
            parts.add(String.format(Locale.ROOT, parts.isEmpty() ? "the pods waited %.0f %% of their runnable time"
                    + " for a CPU " + span : "the pods %.0f %%", starved.podsWaitFraction() * 100));
        }
        String text = String.join("; ", parts);
        List<String> host = new ArrayList<>();
        if (starved.cpuBusy() != null) {
            host.add(String.format(Locale.ROOT, "host %.0f %% busy", starved.cpuBusy() * 100));
        }
        if (starved.ownLoad()) {
            if (starved.ownCpuMsPerS() != null) {
                host.add(String.format(Locale.ROOT, "saleday's own processes took %.1f of its %s CPUs",
                        starved.ownCpuMsPerS() / 1000, starved.cores() == null ? "?" : starved.cores()));
            }
            if (starved.contendingCpuMsPerS() != null) {
                host.add(String.format(Locale.ROOT, "other work at our priority %.1f",
                        starved.contendingCpuMsPerS() / 1000));
            }
        } else if (starved.contendingCpuMsPerS() != null) {
            host.add(String.format(Locale.ROOT, "other work at our priority took %.1f CPUs",
                    starved.contendingCpuMsPerS() / 1000));
        }
        if (!host.isEmpty()) {
            text += " (" + String.join(", ", host) + ")";
        }
        if (starved.ownLoad()) {
            text += ": saleday's own load saturated the host; " + OWN_LOAD_ADVICE;
        }
        return text;
    }

    /** @return m:ss from the load's start */
    static String clock(long offsetMs) {
        long seconds = Math.max(0, Math.round(offsetMs / 1000.0));
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static List<Check> insert(List<Check> checks, Check headroom, Set<String> touched) {
        return insertMarking(checks, headroom, touched, UNRELIABLE);
    }

    /**
     * @return {@code checks} with {@code validity} after the other validity checks, and each check named in
     *         {@code marked} ending its detail with {@code (note)}
     */
    static List<Check> insertMarking(List<Check> checks, Check validity, Set<String> marked, String note) {
        List<Check> result = new ArrayList<>();
        boolean inserted = false;
        for (Check check : checks) {
            if (!inserted && check.kind() != CheckKind.VALIDITY) {
                result.add(validity);
                inserted = true;
            }
            result.add(marked.contains(check.name()) ? new Check(check.name(), check.kind(), check.passed(),
                    check.measured(), check.threshold(), check.unit(), check.comparison(),
                    check.detail() + " (" + note + ")", check.atMs()) : check);
        }
        if (!inserted) {
            result.add(validity);
        }
        return result;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
