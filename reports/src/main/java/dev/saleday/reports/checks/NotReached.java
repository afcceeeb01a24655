package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An interrupted or crashed run is judged on what it recorded and no more: a check whose window starts at or after
 * the end of the records, or that could not be measured while its window ran past that end, is not reached (neither
 * passed nor failed). Validity checks are judged on the recorded part and always reached.
 */
final class NotReached {

    private NotReached() {
    }

    static List<Check> apply(RunAnalysis analysis, Plan plan, List<Check> checks) {
        Long endMs = analysis.recordedEndMs();
        if (endMs == null) {
            return checks;
        }
        CheckWindows windows = new CheckWindows(analysis, plan);
        String why = "the records end " + HostHeadroomCheck.clock(endMs - analysis.overall().startMs())
                + " into the load";
        List<Check> result = new ArrayList<>();
        for (Check check : checks) {
            Optional<CheckWindows.Window> window = check.kind() == CheckKind.VALIDITY ? Optional.empty()
                    : windows.of(check);
            boolean beyond = window.isPresent() && (window.get().fromMs() >= endMs
                    || window.get().toMs() > endMs && Double.isNaN(check.measured()));
            boolean faultNeverApplied = window.isEmpty() && check.kind() != CheckKind.VALIDITY
                    && Double.isNaN(check.measured());
            result.add(beyond || faultNeverApplied ? check.notReached(why + ", before this check's window"
                    + (window.isPresent() && window.get().fromMs() < endMs ? " ended" : "")) : check);
        }
        return result;
    }
}
