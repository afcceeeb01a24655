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
 * The options of {@code saleday run}, and how they change the plan: the one value the command, the Maven plugin (which
 * forks the command with {@link #arguments()}) and the JUnit 5 extension (through {@code GameDays.run}) build. Each
 * override is checked on the plan it changes, against the rules the plan file is held to (a context must be in
 * guards.allowContexts, a scale must be > 0, a local target needs manifests), and a problem names the option:
 * {@code --scale: must be > 0, got 0}. Every {@code with...} returns a new value.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.of(Path.of("plans/ci.yaml")).withOut(Path.of("target/saleday/ci"));
 * }</pre>
 *
 * @param planFile   the plan file
 * @param target     {@code local} or {@code kubeconfig}, or null
 * @param kubeconfig overrides target.kubeconfig, or null
 * @param context    overrides target.context, or null
 * @param out        the run directory, or null for results/&lt;plan&gt;-&lt;time&gt;
 * @param dryRun     print the faults' actions, change nothing, send no load
 * @param baseline   overrides report.baseline, or null
 * @param scale      overrides traffic.scale, or null
 * @param injectors  overrides traffic.injectors, or null
 */
public record RunOptions(Path planFile, String target, Path kubeconfig, String context, Path out, boolean dryRun,
                         Path baseline, Double scale, Integer injectors) {

    /** The most injector pods a run may ask for, as the plan's {@code traffic.injectors}. */
    static final int MAX_INJECTORS = 1000;

    public RunOptions {
        if (planFile == null) {
            throw new IllegalArgumentException("planFile must name the plan to run");
        }
    }

    /** Without an injectors override. */
    public RunOptions(Path planFile, String target, Path kubeconfig, String context, Path out, boolean dryRun,
                      Path baseline, Double scale) {
        this(planFile, target, kubeconfig, context, out, dryRun, baseline, scale, null);
    }

    /** Without a scale override. */
    public RunOptions(Path planFile, String target, Path kubeconfig, String context, Path out, boolean dryRun,
                      Path baseline) {
        this(planFile, target, kubeconfig, context, out, dryRun, baseline, null, null);
    }

    /** The plan as it is written: no override, the run directory under results/. */
    public static RunOptions of(Path planFile) {
        return new RunOptions(planFile, null, null, null, null, false, null, null, null);
    }

    public RunOptions withTarget(String cluster) {
        return new RunOptions(planFile, cluster, kubeconfig, context, out, dryRun, baseline, scale, injectors);
    }

    public RunOptions withKubeconfig(Path file) {
        return new RunOptions(planFile, target, file, context, out, dryRun, baseline, scale, injectors);
    }

    public RunOptions withContext(String name) {
        return new RunOptions(planFile, target, kubeconfig, name, out, dryRun, baseline, scale, injectors);
    }

    public RunOptions withOut(Path runDir) {
        return new RunOptions(planFile, target, kubeconfig, context, runDir, dryRun, baseline, scale, injectors);
    }

    public RunOptions withDryRun(boolean dry) {
        return new RunOptions(planFile, target, kubeconfig, context, out, dry, baseline, scale, injectors);
    }

    public RunOptions withBaseline(Path verdictJson) {
        return new RunOptions(planFile, target, kubeconfig, context, out, dryRun, verdictJson, scale, injectors);
    }

    public RunOptions withScale(Double factor) {
        return new RunOptions(planFile, target, kubeconfig, context, out, dryRun, baseline, factor, injectors);
    }

    public RunOptions withInjectors(Integer count) {
        return new RunOptions(planFile, target, kubeconfig, context, out, dryRun, baseline, scale, count);
    }

    /** @return the {@code saleday run} command line that runs with these options (paths absolute) */
    public List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("run", planFile.toAbsolutePath().toString()));
        if (out != null) {
            args.addAll(List.of("--out", out.toAbsolutePath().toString()));
        }
        if (target != null) {
            args.addAll(List.of("--target", target));
        }
        if (kubeconfig != null) {
            args.addAll(List.of("--kubeconfig", kubeconfig.toAbsolutePath().toString()));
        }
        if (context != null) {
            args.addAll(List.of("--context", context));
        }
        if (dryRun) {
            args.add("--dry-run");
        }
        if (baseline != null) {
            args.addAll(List.of("--baseline", baseline.toAbsolutePath().toString()));
        }
        if (scale != null) {
            args.addAll(List.of("--scale", scale.toString()));
        }
        if (injectors != null) {
            args.addAll(List.of("--injectors", injectors.toString()));
        }
        return List.copyOf(args);
    }

    /**
     * @throws InvalidInputException when an override is wrong; every problem is printed to {@code err} first, one
     *                               a line, each starting with the option's name
     */
    public Plan applyTo(Plan plan, PrintWriter err) {
        if (target == null && kubeconfig == null && context == null && baseline == null && scale == null
                && injectors == null) {
            return plan;
        }
        List<String> problems = new ArrayList<>();
        Target changed = target(plan, problems);
        if (scale != null && (!(scale > 0) || scale.isInfinite())) {
            problems.add("--scale: must be > 0, got " + (scale == Math.rint(scale) ? Long.toString(scale.longValue())
                    : scale.toString()));
        }
        if (injectors != null && (injectors < 1 || injectors > MAX_INJECTORS)) {
            problems.add("--injectors: must be a whole number from 1 (the load sent from saleday itself) to "
                    + MAX_INJECTORS + ", got " + injectors);
        }
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            err.flush();
            throw new InvalidInputException(problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " in the command-line options; nothing was run");
        }
        ReportSettings report = baseline == null ? plan.report()
                : plan.report().withBaseline(baseline.toAbsolutePath().toString());
        dev.saleday.plan.Traffic traffic = scale == null ? plan.traffic() : plan.traffic().withScale(scale);
        if (injectors != null) {
            traffic = traffic.withInjectors(injectors);
        }
        return new Plan(plan.name(), changed, traffic,
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
