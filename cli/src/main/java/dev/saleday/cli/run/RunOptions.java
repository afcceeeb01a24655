package dev.saleday.cli.run;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.Plan;
import dev.saleday.plan.ReportSettings;
import dev.saleday.plan.Target;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code saleday run}, and how they change the plan. Each override is checked on the plan it
 * changes, against the rules the plan file is held to (a context must be in guards.allowContexts, a scale must be
 * > 0, a local target needs manifests), and a problem names the option: {@code --scale: must be > 0, got 0}.
 *
 * @param planFile   the plan file
 * @param target     {@code local} or {@code kubeconfig}, or null
 * @param kubeconfig overrides target.kubeconfig, or null
 * @param context    overrides target.context, or null
 * @param out        the run directory, or null for results/&lt;plan&gt;-&lt;time&gt;
 * @param dryRun     print the faults' actions, change nothing, send no load
 * @param baseline   overrides report.baseline, or null
 * @param scale      overrides traffic.scale, or null
 */
public record RunOptions(Path planFile, String target, Path kubeconfig, String context, Path out, boolean dryRun,
                         Path baseline, Double scale) {

    /** Without a scale override. */
    public RunOptions(Path planFile, String target, Path kubeconfig, String context, Path out, boolean dryRun,
                      Path baseline) {
        this(planFile, target, kubeconfig, context, out, dryRun, baseline, null);
    }

    /**
     * @throws InvalidInputException when an override is wrong; every problem is printed to {@code err} first, one
     *                               a line, each starting with the option's name
     */
    public Plan applyTo(Plan plan, PrintWriter err) {
        if (target == null && kubeconfig == null && context == null && baseline == null && scale == null) {
            return plan;
        }
        List<String> problems = new ArrayList<>();
        Target changed = target(plan, problems);
        if (scale != null && (!(scale > 0) || scale.isInfinite())) {
            problems.add("--scale: must be > 0, got " + (scale == Math.rint(scale) ? Long.toString(scale.longValue())
                    : scale.toString()));
        }
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            err.flush();
            throw new InvalidInputException(problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " in the command-line options; nothing was run");
        }
        ReportSettings report = baseline == null ? plan.report()
                : plan.report().withBaseline(baseline.toAbsolutePath().toString());
        return new Plan(plan.name(), changed, scale == null ? plan.traffic() : plan.traffic().withScale(scale),
                plan.faults(), plan.guards(), plan.slo(), report, plan.observe());
    }

    /** @return the plan's target with --target, --kubeconfig and --context applied; problems added to the list */
    private Target target(Plan plan, List<String> problems) {
        Target old = plan.target();
        Target.ClusterKind cluster = old.cluster();
        if (target != null) {
            switch (target) {
                case "local" -> cluster = Target.ClusterKind.LOCAL;
                case "kubeconfig" -> cluster = Target.ClusterKind.KUBECONFIG;
                default -> {
                    problems.add("--target: expected local or kubeconfig, got '" + target + "'");
                    return old;
                }
            }
        }
        if (cluster == Target.ClusterKind.LOCAL) {
            if (kubeconfig != null) {
                problems.add("--kubeconfig: only for a kubeconfig target; add --target kubeconfig");
            }
            if (context != null) {
                problems.add("--context: only for a kubeconfig target; add --target kubeconfig");
            }
            if (old.manifests() == null) {
                problems.add("--target: local needs target.manifests in the plan (what to apply to the local"
                        + " cluster)");
            }
        } else if (context != null) {
            plan.guards().refusesContext(context).ifPresent(why -> problems.add("--context: " + why));
        }
        boolean local = cluster == Target.ClusterKind.LOCAL;
        return new Target(cluster, old.namespace(), old.deployment(), old.container(), old.service(),
                local ? old.manifests() : null,
                kubeconfig != null ? kubeconfig.toAbsolutePath().toString() : local ? null : old.kubeconfig(),
                context != null ? context : local ? null : old.context(),
                old.url());
    }
}
