package dev.saleday.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per kind of problem: each names the file, the line and column of the offending value, the field's path
 * and what was expected. Each case is a fragment of YAML put into a valid plan and the problem it must give, written
 * out as {@code "line:col: message"}.
 */
class PlanProblemsTest {

    static final String BASE = """
            apiVersion: saleday/v1
            kind: GameDay
            metadata: {name: t}
            target:
              cluster: local
              namespace: shop
              deployment: recommendation
              service: recommendation-service
              manifests: .
            traffic:
              phases:
                - {name: baseline, duration: 10s, rate: 100}
                - {name: peak, duration: 20s, rate: 500}
            chaos:
              - {name: kill, at: peak+5s, action: pod-kill, selector: app=recommendation, count: 1}
              - {name: release, at: peak+10s, action: rollout, image: saleday/recommendation:v1.1}
            slo:
              latency: [{phase: peak, p95: 200ms, p99: 400ms}]
              zeroDowntime: [{fault: release}]
            """;

    /** @return the problems of BASE with {@code from} replaced by {@code to} */
    static List<String> problems(String from, String to) {
        assertThat(BASE).contains(from);
        return problemsOf(BASE.replace(from, to));
    }

    static List<String> problemsOf(String text) {
        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanParser.parse(text, "p.yaml"));
        assertThat(e).as("expected problems in:\n" + text).isNotNull();
        return e.problems().stream().map(PlanProblem::toString).toList();
    }

    /** @return "p.yaml:line:col" of the first occurrence of {@code token} in {@code text} */
    static String at(String text, String token) {
        int index = text.indexOf(token);
        assertThat(index).as(token).isNotNegative();
        String before = text.substring(0, index);
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        int column = index - before.lastIndexOf('\n');
        return "p.yaml:" + line + ":" + column;
    }

    /**
     * @param expected a problem of BASE with {@code from} replaced by {@code to}, as {@code "line:col: message"}
     *                 (in p.yaml)
     * @return every problem, for further assertions
     */
    static List<String> check(String from, String to, String expected) {
        List<String> problems = problems(from, to);
        assertThat(problems).contains("p.yaml:" + expected);
        return problems;
    }

    /** @return BASE on a kubeconfig cluster (no manifests) with {@code from} replaced by {@code to} */
    static String onKubeconfig(String from, String to) {
        assertThat(BASE).contains(from);
        return BASE.replace("cluster: local", "cluster: kubeconfig").replace("  manifests: .\n", "").replace(from, to);
    }

    /** @param expected the only problem of the plan {@code text}, as {@code "line:col: message"} (in p.yaml) */
    static void checkOnly(String text, String expected) {
        assertThat(problemsOf(text)).containsExactly("p.yaml:" + expected);
    }

    @Test
    void theBasePlanIsValid() throws Exception {
        assertThat(PlanParser.parse(BASE, "p.yaml").faults()).hasSize(2);
    }

    @Test
    void nodeFailTakesANodeAndAnOptionalProviderHookWithBothCommands() throws Exception {
        String kill = "{name: kill, at: peak+5s, action: pod-kill, selector: app=recommendation, count: 1}";
        Plan plan = PlanParser.parse(BASE.replace(kill, "{name: lose-a, at: peak+5s, action: node-fail, node: n-a,"
                + " provider: {fail: 'stop i-1', undo: 'start i-1'}}"), "p.yaml");
        assertThat(plan.faults().get(0).action()).isEqualTo(new Action.NodeFail("n-a",
                new Action.ProviderHook("stop i-1", "start i-1")));
        assertThat(PlanParser.parse(PlanWriter.toYaml(plan), "again.yaml").faults()).isEqualTo(plan.faults());
        List<String> problems = check(kill, "{name: lose-a, at: peak+5s, action: node-fail, node: n-a,"
                + " provider: {fail: 'stop i-1'}}", "15:73: chaos[0].provider.undo: missing required key 'undo'"
                + " (the command that starts it again)");
        assertThat(problems).hasSize(1);
    }

    @Test
    void nodeFailOnAKubeconfigClusterWithoutAProviderHookIsRefusedBeforeTheRun() {
        String kill = "{name: kill, at: peak+5s, action: pod-kill, selector: app=recommendation, count: 1}";
        checkOnly(onKubeconfig(kill, "{name: lose-a, at: peak+5s, action: node-fail, node: n-a}"),
                "14:41: chaos[0].action: node-fail on a kubeconfig cluster needs a provider hook (provider:"
                        + " {fail: COMMAND, undo: COMMAND}); only the embedded cluster can fail a node itself");
    }

    @Test
    void apiOutageTakesADurationAndAModeAndIsUndoneWhenItEnds() throws Exception {
        String kill = "{name: kill, at: peak+5s, action: pod-kill, selector: app=recommendation, count: 1}";
        Plan plan = PlanParser.parse(BASE.replace(kill, "{name: api-down, at: peak+5s, action: api-outage,"
                + " duration: 20s, mode: throttled}"), "p.yaml");
        assertThat(plan.faults().get(0).action()).isEqualTo(new Action.ApiOutage(java.time.Duration.ofSeconds(20),
                Action.OutageMode.THROTTLED));
        assertThat(plan.faults().get(0).revertAfter()).isEqualTo(java.time.Duration.ofSeconds(20));
        assertThat(PlanParser.parse(PlanWriter.toYaml(plan), "again.yaml").faults()).isEqualTo(plan.faults());
        assertThat(((Action.ApiOutage) PlanParser.parse(BASE.replace(kill, "{name: api-down, at: peak+5s,"
                + " action: api-outage, duration: 5s}"), "p.yaml").faults().get(0).action()).mode())
                .isEqualTo(Action.OutageMode.UNAVAILABLE);
        check(kill, "{name: api-down, at: peak+5s, action: api-outage, duration: 5s, mode: down}",
                "15:75: chaos[0].mode: expected unavailable (503) or throttled (429), got 'down'");
        check(kill, "{name: api-down, at: peak+5s, action: api-outage}",
                "15:5: chaos[0].duration: missing required key 'duration' (how long the API server is out, e.g. 20s)");
    }

    @Test
    void apiOutageOnAKubeconfigClusterIsRefusedBeforeTheRun() {
        String kill = "{name: kill, at: peak+5s, action: pod-kill, selector: app=recommendation, count: 1}";
        checkOnly(onKubeconfig(kill, "{name: api-down, at: peak+5s, action: api-outage, duration: 20s}"),
                "14:43: chaos[0].action: api-outage needs the embedded cluster (cluster: local): saleday cannot"
                        + " take a real API server down; overload it with the provider's own tools instead");
    }

    /** A problem of BASE with {@code from} replaced by {@code to}, at the first {@code token}. */
    static void checkNodes(String from, String to, String token, String expected) {
        String text = BASE.replace(from, to);
        assertThat(problems(from, to)).contains(at(text, token) + ": " + expected);
    }

    @Test
    void theLocalClustersNodesAreSetInTheTargetAndWrittenBack() throws Exception {
        Plan plan = PlanParser.parse(BASE.replace("  manifests: .\n", "  manifests: .\n  nodes: {count: 2,"
                + " cpuMillicores: 150, maxCount: 3, scaleUpDelay: 6s, monitorGracePeriod: 2s}\n"), "p.yaml");
        assertThat(plan.target().nodes()).isEqualTo(new LocalNodes(2, 150, 8192, 3, java.time.Duration.ofSeconds(6),
                java.time.Duration.ofSeconds(2)));
        assertThat(PlanParser.parse(PlanWriter.toYaml(plan), "again.yaml").target()).isEqualTo(plan.target());
        assertThat(PlanParser.parse(BASE, "p.yaml").target().nodes()).as("absent: localkube's own")
                .isEqualTo(LocalNodes.defaults());
        String at = "  manifests: .\n";
        checkNodes(at, at + "  nodes: {count: 3, maxCount: 2}\n", "2}", "target.nodes.maxCount: expected at least count"
                + " (3), got 2");
        checkNodes(at, at + "  nodes: {count: 0}\n", "0}", "target.nodes.count: expected 1..26, got 0");
        checkNodes(at, at + "  nodes: {scaleUpDelay: 30s}\n", "30s}", "target.nodes.scaleUpDelay: only with a maxCount"
                + " above count (a cluster autoscaler that adds nodes)");
        checkNodes(at, at + "  nodes: {monitorGracePeriod: 500ms}\n", "500ms}", "target.nodes.monitorGracePeriod:"
                + " expected at least 1s, got 500ms");
        String kubeconfig = BASE.replace("cluster: local", "cluster: kubeconfig").replace(at, "  nodes: {count: 2}\n");
        assertThat(problemsOf(kubeconfig)).contains(at(kubeconfig, "{count") + ": target.nodes: only for"
                + " 'cluster: local'; a kubeconfig cluster has its own nodes");
    }

    @Test
    void wrongApiVersionAndKind() {
        List<String> problems = problemsOf(BASE.replace("saleday/v1", "saleday/v2").replace("GameDay", "Game"));
        assertThat(problems).containsExactly(
                "p.yaml:1:13: apiVersion: expected saleday/v1, got 'saleday/v2'",
                "p.yaml:2:7: kind: expected GameDay, got 'Game'");
    }

    @Test
    void unknownKeySuggestsTheNearestKnownKey() {
        check("deployment: recommendation\n", "deployment: recommendation\n  servise: x\n",
                "8:3: target.servise: unknown key 'servise'; did you mean 'service'?");
        check("rate: 500}", "rate: 500, rampto: 600}",
                "13:46: traffic.phases[1].rampto: unknown key 'rampto'; did you mean 'rampTo'?");
    }

    @Test
    void wrongType() {
        check("rate: 500}", "rate: fast}",
                "13:41: traffic.phases[1].rate: expected a number, got 'fast'");
        check("  phases:", "  scale: [1]\n  phases:",
                "11:10: traffic.scale: expected a number, got a list");
    }

    @Test
    void balanceNeedsAPhaseThatExistsAndASkewOfAtLeastOne() {
        String zero = "  zeroDowntime: [{fault: release}]";
        check(zero, zero + "\n  balance: {phase: peak, maxSkew: 0.5}",
                "20:35: slo.balance.maxSkew: expected a skew >= 1 (1 = every ready pod answers the same), got 0.5");
        check(zero, zero + "\n  balance: [{phase: peek, maxSkew: 2}]",
                "20:21: slo.balance[0].phase: no phase named 'peek'; did you mean 'peak'?");
        check(zero, zero + "\n  balance: {phase: peak}",
                "20:12: slo.balance.maxSkew: missing required key 'maxSkew' (the busiest ready pod's answers over"
                        + " their mean, >= 1, e.g. 1.5)");
    }

    @Test
    void unknownConnectionsMode() {
        check("  phases:", "  connections: pooled\n  phases:",
                "11:16: traffic.connections: expected shared (one keep-alive pool, as a calling service has) or perUser"
                        + " (a new connection per arrival, as distinct clients open), got 'pooled'");
    }

    @Test
    void injectorsAreAWholeNumberFromOne() {
        check("  phases:", "  injectors: 0\n  phases:",
                "11:14: traffic.injectors: expected a whole number of injectors from 1 (the load sent from"
                        + " saleday itself) to 1000, got 0");
        check("  phases:", "  injectors: 2.5\n  phases:",
                "11:14: traffic.injectors: expected a whole number, got '2.5'");
    }

    @Test
    void badDuration() {
        check("duration: 20s", "duration: 20 seconds",
                "13:30: traffic.phases[1].duration: expected a duration such as 500ms, 30s, 2m, 1h or 1m30s,"
                        + " got '20 seconds'");
        check("duration: 20s", "duration: 0s",
                "13:30: traffic.phases[1].duration: expected a duration > 0");
        check("  zeroDowntime: [{fault: release}]", "  zeroDowntime: [{fault: release}]\n  maxInjectionLag: 0s",
                "20:20: slo.maxInjectionLag: expected a duration > 0");
    }

    @Test
    void badHostHeadroom() {
        String zero = "  zeroDowntime: [{fault: release}]";
        check(zero, zero + "\n  hostHeadroom: {maxInjectorWait: 2s}",
                "20:35: slo.hostHeadroom.maxInjectorWait: expected at most 1s (it is a wait per second of"
                        + " load), got 2s");
        check(zero, zero + "\n  hostHeadroom: {maxPodWait: 0%}",
                "20:30: slo.hostHeadroom.maxPodWait: expected a share of the pods' runnable time above 0% and"
                        + " up to 100%, got 0%");
        check(zero, zero + "\n  hostHeadroom: {maxWait: 1s}",
                "20:18: slo.hostHeadroom.maxWait: unknown key 'maxWait'; expected one of: maxInjectorWait, maxPodWait,"
                        + " maxStarved");
        check(zero, zero + "\n  maxSendLag: 0s",
                "20:15: slo.maxSendLag: expected a duration > 0");
    }

    @Test
    void badPercentageAndCount() {
        check("count: 1}", "count: 130%}",
                "15:86: chaos[0].count: expected a percentage within 0% and 100%, got '130%'");
        check("count: 1}", "count: lots}",
                "15:86: chaos[0].count: expected a whole number or a percentage such as 3 or 30%, got 'lots'");
    }

    @Test
    void badSelector() {
        check("selector: app=recommendation", "selector: \"app=reco mmendation\"",
                "15:59: chaos[0].selector: expected a label value (letters, digits, '-', '_', '.', at most 63) in"
                        + " 'app=reco mmendation', got 'reco mmendation'");
    }

    @Test
    void rateNotPositive() {
        check("rate: 500}", "rate: 0.0}",
                "13:41: traffic.phases[1].rate: expected a rate > 0 requests per second, got 0");
        check("rate: 500}", "rate: -5}",
                "13:41: traffic.phases[1].rate: expected a rate > 0 requests per second, got -5");
    }

    @Test
    void phaseWithoutRate() {
        check("{name: peak, duration: 20s, rate: 500}", "{name: peak, duration: 20s}",
                "13:7: traffic.phases[1].rate: a phase needs 'rate' (constant), 'rampTo' (a ramp from the"
                        + " previous phase's rate) or both");
    }

    @Test
    void duplicatePhaseAndFaultNames() {
        check("{name: peak,", "{name: baseline,",
                "13:14: traffic.phases[1].name: duplicate phase name 'baseline'; phase names must be unique");
        check("{name: release,", "{name: kill,",
                "16:12: chaos[1].name: duplicate fault name 'kill'; fault names must be unique");
    }

    @Test
    void percentilesMustNotDecrease() {
        check("p99: 400ms", "p99: 150ms",
                "18:44: slo.latency[0].p99: p99 (150ms) is below p95 (200ms): percentiles must not decrease");
    }

    @Test
    void hpaMinAboveMax() {
        check("action: rollout, image: saleday/recommendation:v1.1", "action: hpa-patch, min: 5, max: 3",
                "16:59: chaos[1].min: min (5) must be <= max (3)");
    }

    @Test
    void faultScheduledAfterTheEndOfTheLoad() {
        check("at: peak+10s", "at: peak+25s",
                "16:25: chaos[1].at: scheduled after the end of the load: it would fire at 35s from the start, the load"
                        + " ends at 30s");
        check("at: peak+10s", "every: 5s, at: 10s, times: 5",
                "16:36: chaos[1].at: scheduled after the end of the load: its last firing (5 times every 5s)"
                        + " would fire at 30s from the start, the load ends at 30s");
    }

    @Test
    void triggerSyntax() {
        check("at: peak+10s", "at: soon",
                "16:25: chaos[1].at: expected 'at: 45s' (from the start of the load), 'at: peak' or 'at:"
                        + " peak+20s' (from a phase's start), got 'soon'");
        check("at: peak+10s", "at: peek+10s",
                "16:25: chaos[1].at: no phase named 'peek'; did you mean 'peak'?");
        check("at: peak+10s", "when: \"readyReplicas >> 8\"",
                "16:27: chaos[1].when: expected a condition such as \"readyReplicas >= 8\", got 'readyReplicas >> 8'");
        check("at: peak+10s", "when: \"readyReplica >= 8\", for: 10s",
                "16:27: chaos[1].when: unknown metric 'readyReplica'; did you mean 'readyReplicas'?");
        check("at: peak+10s,", "",
                "16:5: chaos[1].at: a fault needs a trigger: 'at: 45s', 'at: peak+20s', 'every: 30s' or 'when:"
                        + " \"readyReplicas >= 8\"'");
    }

    @Test
    void unknownActionAndMissingActionFields() {
        check("action: rollout", "action: rolout",
                "16:43: chaos[1].action: unknown action 'rolout'; did you mean 'rollout'?");
        check("action: pod-kill, selector: app=recommendation, count: 1", "action: pod-kill",
                "15:5: chaos[0].selector: missing required key 'selector' (a label selector such as"
                        + " app=recommendation)");
        check("action: rollout, image: saleday/recommendation:v1.1", "action: scale, replicas: -1",
                "16:60: chaos[1].replicas: expected replicas >= 0, got -1");
        check("action: rollout, image: saleday/recommendation:v1.1", "action: rollout, selector: app=x",
                "16:52: chaos[1].selector: unknown key 'selector'; expected one of: name, action, at, every, times,"
                        + " when, for, revertAfter, deployment, container, image");
    }

    @Test
    void sloNamingPhasesOrFaultsThatDoNotExist() {
        check("{phase: peak,", "{phase: spike,",
                "18:21: slo.latency[0].phase: no phase named 'spike'; expected one of: baseline, peak");
        check("{phase: peak,", "{phase: peek,",
                "18:21: slo.latency[0].phase: no phase named 'peek'; did you mean 'peak'?");
        check("{fault: release}", "{fault: releese}",
                "19:26: slo.zeroDowntime[0].fault: no fault named 'releese'; did you mean 'release'?");
        check("  zeroDowntime: [{fault: release}]", "  rollouts: [{fault: kill, within: 30s}]",
                "19:22: slo.rollouts[0].fault: fault 'kill' is a pod-kill, not a rollout");
        check("  zeroDowntime: [{fault: release}]", "  scaleUp: {after: pre-sale, replicas: 4, within: 30s}",
                "19:20: slo.scaleUp.after: no phase named 'pre-sale'; expected one of: baseline, peak");
    }

    @Test
    void guardsRefuseSystemNamespacesAndUnlistedContexts() {
        check("traffic:", "guards: {allowNamespaces: [shop, kube-system]}\ntraffic:",
                "10:27: guards.allowNamespaces: 'kube-system' can never be allowed: saleday does not touch"
                        + " kube-system or kube-public");
        checkOnly(onKubeconfig("  service: recommendation-service\n",
                        "  service: recommendation-service\n  context: prod\n"),
                "9:12: target.context: context 'prod' is not in guards.allowContexts [saleday-local]; add it"
                        + " there to let saleday use it");
    }

    @Test
    void missingRequiredTargetFields() {
        check("  service: recommendation-service\n", "",
                "5:3: target.service: missing required key 'service' (the service's name)".replace("p.yaml", ""));
    }

    @Test
    void notYamlAtAll() {
        List<String> problems = problemsOf("apiVersion: saleday/v1\nkind: [GameDay\n");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("p.yaml:3:1: not valid YAML:");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String text = BASE.replace("saleday/v1", "saleday/v9").replace("rate: 500}", "rate: 0}")
                .replace("p99: 400ms", "p99: 100ms").replace("at: peak+10s", "at: peak+60s")
                .replace("{fault: release}", "{fault: nope}").replace("namespace: shop", "namespace: Shop!");
        List<String> problems = problemsOf(text);
        assertThat(problems).hasSize(6);
        assertThat(problems).anyMatch(p -> p.contains("apiVersion: expected saleday/v1"))
                .anyMatch(p -> p.contains("traffic.phases[1].rate: expected a rate > 0"))
                .anyMatch(p -> p.contains("slo.latency[0].p99: p99 (100ms) is below p95"))
                .anyMatch(p -> p.contains("chaos[1].at: scheduled after the end of the load"))
                .anyMatch(p -> p.contains("slo.zeroDowntime[0].fault: no fault named 'nope'"))
                .anyMatch(p -> p.contains("target.namespace: expected a Kubernetes name"));
    }
}
