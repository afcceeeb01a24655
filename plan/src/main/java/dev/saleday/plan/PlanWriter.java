package dev.saleday.plan;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes the effective plan (every default filled in) as {@code saleday/v1} YAML: what a run directory keeps as
 * {@code plan.yaml}. {@code PlanParser.parse(PlanWriter.toYaml(plan))} gives a Plan equal to {@code plan}.
 */
public final class PlanWriter {

    private PlanWriter() {
    }

    public static void write(Plan plan, Path file) throws IOException {
        Files.writeString(file, toYaml(plan), StandardCharsets.UTF_8);
    }

    public static String toYaml(Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", Plan.API_VERSION);
        root.put("kind", Plan.KIND);
        root.put("metadata", Map.of("name", plan.name()));
        root.put("target", target(plan.target()));
        root.put("traffic", traffic(plan.traffic()));
        List<Object> chaos = new ArrayList<>();
        plan.faults().forEach(f -> chaos.add(fault(f)));
        root.put("chaos", chaos);
        root.put("guards", guards(plan.guards()));
        root.put("slo", slo(plan.slo()));
        root.put("report", report(plan.report()));
        root.put("observe", observe(plan.observe()));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return "# the effective plan: as written, with every default filled in\n" + new Yaml(options).dump(root);
    }

    private static Map<String, Object> target(Target target) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cluster", target.cluster().name().toLowerCase());
        map.put("namespace", target.namespace());
        map.put("deployment", target.deployment());
        map.put("container", target.container());
        map.put("service", target.service());
        putIfSet(map, "manifests", target.manifests());
        putIfSet(map, "kubeconfig", target.kubeconfig());
        putIfSet(map, "context", target.context());
        putIfSet(map, "url", target.url() == null ? null : target.url().toString());
        LocalNodes nodes = target.nodes();
        if (nodes != null) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("count", nodes.count());
            n.put("cpuMillicores", nodes.cpuMillicores());
            n.put("memoryMiB", nodes.memoryMiB());
            n.put("maxCount", nodes.maxCount());
            if (nodes.grows()) {
                n.put("scaleUpDelay", Durations.format(nodes.scaleUpDelay()));
            }
            n.put("monitorGracePeriod", Durations.format(nodes.monitorGracePeriod()));
            map.put("nodes", n);
        }
        return map;
    }

    private static Map<String, Object> traffic(Traffic traffic) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("scale", number(traffic.scale()));
        map.put("seed", traffic.seed());
        map.put("requestTimeout", Durations.format(traffic.requestTimeout()));
        map.put("connections", traffic.connections().planName());
        map.put("injectors", traffic.injectors());
        Map<String, Object> users = new LinkedHashMap<>();
        users.put("distribution", traffic.users().distribution().name().toLowerCase());
        users.put("count", traffic.users().count());
        users.put("exponent", number(traffic.users().exponent()));
        map.put("users", users);
        Map<Object, Object> kMix = new LinkedHashMap<>();
        traffic.kMix().forEach(w -> kMix.put(w.k(), number(w.weight())));
        map.put("kMix", kMix);
        List<Object> phases = new ArrayList<>();
        double previousEndRps = 0;
        for (Phase phase : traffic.phases()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", phase.name());
            p.put("duration", Durations.format(phase.duration()));
            // a ramp from where the previous phase ended is written as the plan author would: rampTo alone
            if (!phase.isRamp() || phase.startRateRps() != previousEndRps) {
                p.put("rate", number(phase.startRateRps()));
            }
            if (phase.isRamp()) {
                p.put("rampTo", number(phase.endRateRps()));
            }
            previousEndRps = phase.endRateRps();
            phases.add(p);
        }
        map.put("phases", phases);
        return map;
    }

    private static Map<String, Object> fault(Fault fault) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", fault.name());
        Trigger trigger = fault.trigger();
        if (trigger instanceof Trigger.At at) {
            map.put("at", at(at));
        } else if (trigger instanceof Trigger.Every every) {
            map.put("every", Durations.format(every.interval()));
            map.put("at", at(every.first()));
            if (every.times() > 0) {
                map.put("times", every.times());
            }
        } else if (trigger instanceof Trigger.When when) {
            map.put("when", condition(when.condition()));
            map.put("for", Durations.format(when.holdFor()));
        }
        map.put("action", fault.action().kind());
        Action action = fault.action();
        if (action instanceof Action.PodKill kill) {
            map.put("selector", kill.selector().toString());
            map.put("count", count(kill.count()));
            map.put("pick", kill.pick().name().toLowerCase());
            if (kill.gracePeriod() != null) {
                map.put("gracePeriod", Durations.format(kill.gracePeriod()));
            }
        } else if (action instanceof Action.PodCrash crash) {
            map.put("selector", crash.selector().toString());
            map.put("count", count(crash.count()));
            map.put("pick", crash.pick().name().toLowerCase());
        } else if (action instanceof Action.Rollout rollout) {
            map.put("deployment", rollout.deployment());
            map.put("container", rollout.container());
            putIfSet(map, "image", rollout.image());
        } else if (action instanceof Action.Rollback rollback) {
            map.put("deployment", rollback.deployment());
            putIfSet(map, "toRevision", rollback.toRevision());
        } else if (action instanceof Action.Scale scale) {
            map.put("deployment", scale.deployment());
            map.put("replicas", scale.replicas());
        } else if (action instanceof Action.NodeDrain drain) {
            map.put("node", drain.node());
        } else if (action instanceof Action.NodeFail fail) {
            map.put("node", fail.node());
            if (fail.provider() != null) {
                Map<String, Object> provider = new LinkedHashMap<>();
                provider.put("fail", fail.provider().fail());
                provider.put("undo", fail.provider().undo());
                map.put("provider", provider);
            }
        } else if (action instanceof Action.ApiOutage outage) {
            map.put("duration", Durations.format(outage.duration()));
            map.put("mode", outage.mode().yamlName);
        } else if (action instanceof Action.ConfigChange change) {
            map.put("configMap", change.configMap());
            map.put("data", new LinkedHashMap<>(new java.util.TreeMap<>(change.data())));
            map.put("restart", change.restart());
            map.put("deployment", change.deployment());
        } else if (action instanceof Action.HpaPatch patch) {
            map.put("hpa", patch.hpa());
            putIfSet(map, "min", patch.minReplicas());
            putIfSet(map, "max", patch.maxReplicas());
        }
        if (fault.revertAfter() != null) {
            map.put("revertAfter", Durations.format(fault.revertAfter()));
        }
        return map;
    }

    private static String at(Trigger.At at) {
        if (at.phase() == null) {
            return Durations.format(at.offset());
        }
        return at.offset().isZero() ? at.phase() : at.phase() + "+" + Durations.format(at.offset());
    }

    /** @return the condition as a plan writes it, e.g. {@code probe.errorRate > 1%} */
    public static String condition(Condition condition) {
        String threshold = switch (condition.metric()) {
            case PROBE_ERROR_RATE -> Percentages.format(condition.threshold());
            case PROBE_P99_MILLIS -> Durations.format(Duration.ofMillis((long) condition.threshold()));
            default -> PlanParser.fmt(condition.threshold());
        };
        return condition.metric().planName() + " " + condition.comparison().symbol() + " " + threshold;
    }

    private static Map<String, Object> guards(Guards guards) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("allowNamespaces", guards.allowNamespaces());
        map.put("allowContexts", guards.allowContexts());
        map.put("maxPodsKilled", count(guards.maxPodsKilled()));
        map.put("allowBelowPdb", guards.allowBelowPdb());
        if (guards.abortWhen() == null) {
            map.put("abortWhen", "never");
        } else {
            Map<String, Object> abort = new LinkedHashMap<>();
            abort.put("errorRate", Percentages.format(guards.abortWhen().errorRate()));
            abort.put("for", Durations.format(guards.abortWhen().holdFor()));
            map.put("abortWhen", abort);
        }
        return map;
    }

    private static Map<String, Object> slo(Slo slo) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<Object> latency = new ArrayList<>();
        for (Slo.Latency bound : slo.latency()) {
            Map<String, Object> l = new LinkedHashMap<>();
            putIfSet(l, "phase", bound.phase());
            bound.bounds().forEach((p, d) -> l.put(p.key(), Durations.format(d)));
            latency.add(l);
        }
        map.put("latency", latency);
        List<Object> errors = new ArrayList<>();
        for (Slo.Errors bound : slo.errors()) {
            Map<String, Object> e = new LinkedHashMap<>();
            putIfSet(e, "phase", bound.phase());
            e.put("rate", Percentages.format(bound.maxRate()));
            errors.add(e);
        }
        map.put("errors", errors);
        List<Object> zero = new ArrayList<>();
        for (Slo.ZeroDowntime z : slo.zeroDowntime()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("fault", z.fault());
            e.put("maxFailed", z.maxFailed());
            if (z.recoverWithin() != null) {
                e.put("recoverWithin", Durations.format(z.recoverWithin()));
            }
            zero.add(e);
        }
        map.put("zeroDowntime", zero);
        if (slo.scaleUp() != null) {
            Map<String, Object> up = new LinkedHashMap<>();
            up.put("after", slo.scaleUp().afterPhase());
            up.put("replicas", slo.scaleUp().replicas());
            up.put("within", Durations.format(slo.scaleUp().within()));
            if (slo.scaleUp().p99RecoversWithin() != null) {
                up.put("p99RecoversWithin", Durations.format(slo.scaleUp().p99RecoversWithin()));
            }
            map.put("scaleUp", up);
        }
        if (slo.scaleDown() != null) {
            Map<String, Object> down = new LinkedHashMap<>();
            down.put("after", slo.scaleDown().afterPhase());
            down.put("replicasAtMost", slo.scaleDown().replicasAtMost());
            down.put("within", Durations.format(slo.scaleDown().within()));
            map.put("scaleDown", down);
        }
        List<Object> rollouts = new ArrayList<>();
        for (Slo.RolloutTime r : slo.rollouts()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("fault", r.fault());
            e.put("within", Durations.format(r.within()));
            rollouts.add(e);
        }
        map.put("rollouts", rollouts);
        List<Object> balance = new ArrayList<>();
        for (Slo.Balance b : slo.balance()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("phase", b.phase());
            e.put("maxSkew", number(b.maxSkew()));
            balance.add(e);
        }
        map.put("balance", balance);
        map.put("minAchievedRate", Percentages.format(slo.minAchievedRateFraction()));
        map.put("maxInjectionLag", Durations.format(slo.maxInjectionLag()));
        if (slo.hostHeadroom() != null) {
            Map<String, Object> headroom = new LinkedHashMap<>();
            headroom.put("maxInjectorWait", Durations.format(slo.hostHeadroom().maxInjectorWait()));
            headroom.put("maxPodWait", Percentages.format(slo.hostHeadroom().maxPodWaitFraction()));
            headroom.put("maxStarved", Durations.format(slo.hostHeadroom().maxStarved()));
            map.put("hostHeadroom", headroom);
        }
        map.put("maxSendLag", Durations.format(slo.maxSendLag()));
        return map;
    }

    private static Map<String, Object> report(ReportSettings report) {
        Map<String, Object> map = new LinkedHashMap<>();
        putIfSet(map, "baseline", report.baseline());
        Map<String, Object> regression = new LinkedHashMap<>();
        new java.util.TreeMap<>(report.regression()).forEach((k, v) -> regression.put(k, Percentages.format(v)));
        map.put("regression", regression);
        map.put("cost", Map.of("cpuCoreHour", number(report.cpuCoreHourPrice())));
        return map;
    }

    private static Map<String, Object> observe(Observe observe) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("port", observe.port().matches("[0-9]+") ? Integer.parseInt(observe.port()) : observe.port());
        map.put("path", observe.path());
        map.put("interval", Durations.format(observe.interval()));
        if (observe.prometheusUrl() != null) {
            Map<String, Object> prometheus = new LinkedHashMap<>();
            prometheus.put("url", observe.prometheusUrl().toString());
            prometheus.put("queries", new java.util.TreeMap<>(observe.prometheusQueries()));
            map.put("prometheus", prometheus);
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        if (observe.maxServerErrorRate() != null) {
            checks.put("errorRate", Percentages.format(observe.maxServerErrorRate()));
        }
        if (observe.maxThrottledFraction() != null) {
            checks.put("throttled", Percentages.format(observe.maxThrottledFraction()));
        }
        if (!checks.isEmpty()) {
            map.put("checks", checks);
        }
        return map;
    }

    private static Object count(Count count) {
        return count.isShare() ? Percentages.format(count.fraction()) : count.absolute();
    }

    /** Whole numbers as integers, others in their shortest exact decimal form. */
    private static Object number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return new BigDecimal(Double.toString(value)).doubleValue();
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
