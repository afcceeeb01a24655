package dev.saleday.reports.observed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.plan.autoscaling.ScalingRules;
import dev.saleday.records.CapacityFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code capacity.json}: what {@code saleday capacity} found, format {@code saleday.capacity-result} version
 * {@value #VERSION}. Spec: docs/REPORT.md ("capacity.json").
 */
public final class CapacityJson {

    public static final String FILE_NAME = "capacity.json";
    public static final String FORMAT = "saleday.capacity-result";
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CapacityJson() {
    }

    /**
     * @param restored  whether the HPA and the replicas were put back as they were
     * @param warmUp    the held pod's warm-up before the steps, null when there was none
     * @param stepsCost the pod's CPU a request over the steps against the warm-up's, null when not compared
     * @param cpuSpeed  this machine's CPU speed over the steps against its usual, null when not read
     */
    public static ObjectNode tree(String planName, OnePodCapacity capacity, boolean restored,
                                  WarmUpSettling.OfRun warmUp, StepsCost stepsCost, StepsCpuSpeed cpuSpeed) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("plan", planName);
        root.put("valid", capacity.valid());
        if (capacity.valid()) {
            root.putNull("invalidReason");
        } else {
            root.put("invalidReason", capacity.invalidReason());
        }
        CapacityFile.Header header = capacity.search().header();
        ObjectNode bounds = root.putObject("bounds");
        bounds.put("maxP99Ms", header.maxP99Ms());
        bounds.put("maxErrorRate", header.maxErrorRate());
        ArrayNode steps = root.putArray("steps");
        for (CapacityFile.StepJudgement step : capacity.search().steps()) {
            steps.add(MAPPER.valueToTree(step));
        }
        if (capacity.kneeFound()) {
            ObjectNode knee = root.putObject("knee");
            knee.put("step", capacity.search().knee().step());
            knee.put("rateRps", capacity.search().knee().rateRps());
        } else {
            root.putNull("knee");
        }
        root.put("sustainedRps", capacity.sustainedRps());
        if (cpuSpeed == null) {
            root.putNull("cpuSpeed");
        } else {
            root.set("cpuSpeed", cpuSpeed(cpuSpeed));
        }
        ScalingTarget target = capacity.target();
        ObjectNode pod = root.putObject("target");
        pod.put("replicas", target.replicas());
        putInteger(pod, "cpuRequestMillicores", target.cpuRequestMillicores());
        putInteger(pod, "cpuLimitMillicores", target.cpuLimitMillicores());
        if (target.hpa() == null) {
            pod.putNull("hpa");
        } else {
            ObjectNode hpa = pod.putObject("hpa");
            hpa.put("name", target.hpa().name());
            hpa.put("minReplicas", target.hpa().minReplicas());
            hpa.put("maxReplicas", target.hpa().maxReplicas());
            putInteger(hpa, "targetCpuPercent", target.hpa().targetCpuPercent());
            hpa.set("scaleUp", scaleUp(target.hpa().scaleUp()));
        }
        root.put("restored", restored);
        if (warmUp == null) {
            root.putNull("warmUp");
        } else {
            ObjectNode node = warmUp(warmUp);
            if (stepsCost != null) {
                node.set("steps", steps(stepsCost));
            }
            root.set("warmUp", node);
        }
        CapacityRecommendation r = capacity.recommendation();
        if (r == null) {
            root.putNull("recommendation");
            root.put("missing", capacity.missing());
            return root;
        }
        ObjectNode rec = root.putObject("recommendation");
        rec.put("perPodRpsAtTarget", r.perPodRpsAtTarget());
        rec.put("source", r.source());
        rec.put("targetCpuPercent", r.targetPercent());
        rec.put("baselineRps", r.baselineRps());
        rec.put("peakRps", r.peakRps());
        rec.put("podsForBaseline", r.podsForBaseline());
        rec.put("podsForPeak", r.podsForPeak());
        rec.put("minReplicas", r.minReplicas());
        rec.put("maxReplicas", r.maxReplicas());
        rec.put("minCoversBaseline", r.minCoversBaseline());
        rec.put("maxCoversPeak", r.maxCoversPeak());
        rec.put("peakHeadroom", r.peakHeadroom());
        ObjectNode scaleUp = rec.putObject("scaleUp");
        scaleUp.put("fromReplicas", r.baselineReplicas());
        scaleUp.put("toReplicas", r.peakReplicas());
        scaleUp.put("seconds", r.scaleUpSeconds());
        scaleUp.set("steps", MAPPER.valueToTree(r.scaleUpTimeline()));
        rec.set("lines", MAPPER.valueToTree(r.lines()));
        return root;
    }

    public static Path write(Path runDir, String planName, OnePodCapacity capacity, boolean restored,
                             WarmUpSettling.OfRun warmUp, StepsCost steps, StepsCpuSpeed cpuSpeed)
            throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        Files.writeString(file, MAPPER.writeValueAsString(tree(planName, capacity, restored, warmUp, steps, cpuSpeed))
                + "\n");
        return file;
    }

    /** This machine's CPUs over the steps against their usual speed: the pod's cost moves with them. */
    private static ObjectNode cpuSpeed(StepsCpuSpeed speed) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("judged", speed.judged());
        node.put("held", speed.held());
        putRounded(node, "slowdownPercent", speed.slowdownPercent());
        putRounded(node, "usualProbeUs", speed.usualMicros());
        node.set("stepsProbeUs", MAPPER.valueToTree(speed.stepsMicrosByCpu()));
        node.put("tolerancePercent", StepsCpuSpeed.TOLERANCE_PERCENT);
        node.put("reason", speed.reason());
        return node;
    }

    /** The pod's CPU a request over the steps, held to the warm-up's: the search measured the pod it warmed. */
    private static ObjectNode steps(StepsCost steps) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("judged", steps.judged());
        node.put("held", steps.held());
        putRounded(node, "warmUpCpuMsPerRequest", steps.warmUpCpuMsPerRequest());
        putRounded(node, "cpuMsPerRequest", steps.stepsCpuMsPerRequest());
        node.put("requests", steps.stepsRequests());
        node.put("tolerancePercent", StepsCost.TOLERANCE_PERCENT);
        node.put("reason", steps.reason());
        return node;
    }

    /** Puts {@code value} to two decimals, null when NaN (not measured). */
    private static void putRounded(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 100) / 100.0);
        }
    }

    /** The warm-up: how long, whether the pod's CPU a request settled, and that cost window by window. */
    private static ObjectNode warmUp(WarmUpSettling.OfRun warmUp) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("pod", warmUp.header().pod());
        node.put("rateRps", warmUp.header().rateRps());
        node.put("maxSeconds", warmUp.header().maxMs() / 1000.0);
        if (warmUp.end() == null) {
            node.putNull("tookSeconds");
        } else {
            node.put("tookSeconds", warmUp.tookMs() / 1000.0);
            node.put("sent", warmUp.end().sent());
            node.put("ok", warmUp.end().ok());
            node.put("failed", warmUp.end().failed());
        }
        node.put("judged", warmUp.settling().judged());
        node.put("settled", warmUp.settling().settled());
        node.put("reason", warmUp.settling().reason());
        node.put("windowSeconds", warmUp.header().windowMs() / 1000.0);
        ArrayNode costs = node.putArray("cpuMsPerRequest");
        for (double cost : warmUp.settling().windowCpuMsPerRequest()) {
            if (Double.isNaN(cost)) {
                costs.addNull();
            } else {
                costs.add(Math.round(cost * 100) / 100.0);
            }
        }
        return node;
    }

    private static void putInteger(ObjectNode node, String field, Integer value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** The HPA's scale-up as its spec spells it: seconds, not durations. */
    private static ObjectNode scaleUp(ScalingRules rules) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("stabilizationWindowSeconds", rules.stabilizationWindow().toSeconds());
        var policies = node.putArray("policies");
        for (ScalingRules.Policy policy : rules.policies()) {
            policies.addObject().put("type", policy.type()).put("value", policy.value())
                    .put("periodSeconds", policy.period().toSeconds());
        }
        node.put("selectPolicy", rules.selectPolicy());
        return node;
    }
}
