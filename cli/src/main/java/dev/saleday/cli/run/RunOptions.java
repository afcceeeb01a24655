package dev.saleday.cli.run;

import dev.saleday.cli.InvalidInputException;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanException;
import dev.saleday.plan.PlanParser;
import dev.saleday.plan.PlanProblem;
import dev.saleday.plan.PlanWriter;
import dev.saleday.plan.ReportSettings;
import dev.saleday.plan.Target;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The options of {@code saleday run}, and how they change the plan: an override is applied to the plan's values and
 * the result validated again, so an override cannot smuggle past a rule (e.g. a context outside the allowlist).
 *
 * @param planFile   the plan file
 * @param target     {@code local} or {@code kubeconfig}, or null
 * @param kubeconfig overrides target.kubeconfig, or null
 * @param context    overrides target.context, or null
 * @param out        the run directory, or null for results/&lt;plan&gt;-&lt;time&gt;
 * @param dryRun     print the faults' actions, change nothing, send no load
 * @param baseline   overrides report.baseline, or null
 */
public record RunOptions(Path planFile, String target, Path kubeconfig, String context, Path out, boolean dryRun,
                         Path baseline) {

    /** @throws InvalidInputException when an override is wrong (its problems printed to {@code err}) */
    public Plan applyTo(Plan plan, PrintWriter err) {
        if (target == null && kubeconfig == null && context == null && baseline == null) {
            return plan;
        }
        Target.ClusterKind cluster = plan.target().cluster();
        if (target != null) {
            cluster = switch (target) {
                case "local" -> Target.ClusterKind.LOCAL;
                case "kubeconfig" -> Target.ClusterKind.KUBECONFIG;
                default -> throw new InvalidInputException("--target: expected local or kubeconfig, got '" + target
                        + "'");
            };
        }
        if (cluster == Target.ClusterKind.LOCAL && (kubeconfig != null || context != null)) {
            throw new InvalidInputException("--kubeconfig and --context are for a kubeconfig target; add"
                    + " --target kubeconfig");
        }
        Target old = plan.target();
        Target changed = new Target(cluster, old.namespace(), old.deployment(), old.container(), old.service(),
                cluster == Target.ClusterKind.LOCAL ? old.manifests() : null,
                kubeconfig != null ? kubeconfig.toAbsolutePath().toString()
                        : cluster == Target.ClusterKind.LOCAL ? null : old.kubeconfig(),
                context != null ? context : cluster == Target.ClusterKind.LOCAL ? null : old.context(),
                old.url());
        ReportSettings report = baseline == null ? plan.report()
                : new ReportSettings(baseline.toAbsolutePath().toString(), plan.report().regression());
        Plan overridden = new Plan(plan.name(), changed, plan.traffic(), plan.faults(), plan.guards(), plan.slo(),
                report);
        // validate the result whole, as the plan file would be
        try {
            return PlanParser.parse(PlanWriter.toYaml(overridden), planFile + " (with the command-line overrides)",
                    Path.of("").toAbsolutePath());
        } catch (PlanException e) {
            for (PlanProblem problem : e.problems()) {
                err.println(problem);
            }
            throw new InvalidInputException("the plan with the command-line overrides is not valid; nothing was run");
        }
    }
}
