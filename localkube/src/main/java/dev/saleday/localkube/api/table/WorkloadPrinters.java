package dev.saleday.localkube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.saleday.localkube.api.table.KindPrinter.age;
import static dev.saleday.localkube.api.table.KindPrinter.name;

/** Deployments, ReplicaSets, Jobs, HorizontalPodAutoscalers and PodDisruptionBudgets, with kubectl's columns. */
final class WorkloadPrinters {

    private static final Column CONTAINERS = Column.wide("Containers", "Names of each container in the template.");
    private static final Column IMAGES = Column.wide("Images", "Images referenced by each container in the template.");
    private static final Column SELECTOR = Column.wide("Selector", "Label query over pods that should match the "
            + "replicas count.");

    private WorkloadPrinters() {
    }

    static Printer deployments() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Ready", "Number of the pod with ready state"),
                Column.text("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have "
                        + "the desired template spec."),
                Column.text("Available", "Total number of available pods (ready for at least minReadySeconds) "
                        + "targeted by this deployment."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR), (d, now) -> {
            JsonNode status = d.path("status");
            long desired = d.path("spec").path("replicas").asLong(1);
            return List.of(name(d), Cells.number(status.path("readyReplicas")) + "/" + desired,
                    Cells.number(status.path("updatedReplicas")), Cells.number(status.path("availableReplicas")),
                    age(d, now), Cells.containers(template(d)), Cells.images(template(d)),
                    Cells.labelSelector(d.path("spec").path("selector")));
        });
    }

    static Printer replicaSets() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.integer("Desired", "Replicas is the number of desired replicas."),
                Column.integer("Current", "Replicas is the most recently observed number of replicas."),
                Column.integer("Ready", "The number of ready replicas for this replica set."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR), (rs, now) -> List.of(name(rs),
                rs.path("spec").path("replicas").asLong(1), Cells.number(rs.path("status").path("replicas")),
                Cells.number(rs.path("status").path("readyReplicas")), age(rs, now), Cells.containers(template(rs)),
                Cells.images(template(rs)), Cells.labelSelector(rs.path("spec").path("selector"))));
    }

    static Printer jobs() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Status", "Status of the job."),
                Column.text("Completions", "The number of pods which reached phase Succeeded."),
                Column.text("Duration", "Time required to complete the job."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR), (job, now) -> {
            JsonNode spec = job.path("spec");
            JsonNode status = job.path("status");
            long succeeded = Cells.number(status.path("succeeded"));
            String completions;
            if (spec.has("completions") && !spec.get("completions").isNull()) {
                completions = succeeded + "/" + spec.get("completions").asLong();
            } else {
                long parallelism = spec.path("parallelism").asLong(0);
                completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
            }
            String duration = "";
            String start = Cells.text(status.path("startTime"));
            if (!start.isEmpty()) {
                String end = Cells.text(status.path("completionTime"));
                duration = HumanDuration.of(Duration.between(Instant.parse(start),
                        end.isEmpty() ? now : Instant.parse(end)));
            }
            return List.of(name(job), jobStatus(job), completions, duration, age(job, now),
                    Cells.containers(template(job)), Cells.images(template(job)),
                    Cells.labelSelector(spec.path("selector")));
        });
    }

    private static String jobStatus(JsonNode job) {
        for (String type : List.of("Failed", "Complete", "Suspended", "FailureTarget", "SuccessCriteriaMet")) {
            for (JsonNode condition : job.path("status").path("conditions")) {
                if (condition.path("type").asText().equals(type) && condition.path("status").asText().equals("True")) {
                    return type;
                }
            }
        }
        return job.path("metadata").has("deletionTimestamp") ? "Terminating" : "Running";
    }

    static Printer horizontalPodAutoscalers() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Reference", "scaleTargetRef points to the target resource to scale."),
                Column.text("Targets", "metrics contains the specifications for which to use to calculate the desired "
                        + "replica count."),
                Column.text("MinPods", "minReplicas is the lower limit for the number of replicas."),
                Column.text("MaxPods", "maxReplicas is the upper limit for the number of replicas."),
                Column.text("Replicas", "currentReplicas is current number of replicas of pods managed by this "
                        + "autoscaler."),
                Column.age()), (hpa, now) -> {
            JsonNode spec = hpa.path("spec");
            JsonNode ref = spec.path("scaleTargetRef");
            String minPods = spec.has("minReplicas") ? spec.get("minReplicas").asText() : "<unset>";
            return List.of(name(hpa), ref.path("kind").asText() + "/" + ref.path("name").asText(), targets(hpa),
                    minPods, spec.path("maxReplicas").asText("0"),
                    Long.toString(Cells.number(hpa.path("status").path("currentReplicas"))), age(hpa, now));
        });
    }

    /** {@code cpu: 42%/70%} per Resource metric ({@code <unknown>} before the first measurement). */
    private static String targets(JsonNode hpa) {
        JsonNode metrics = hpa.path("spec").path("metrics");
        JsonNode current = hpa.path("status").path("currentMetrics");
        if (hpa.path("spec").has("targetCPUUtilizationPercentage")) { // autoscaling/v1
            JsonNode now = hpa.path("status").path("currentCPUUtilizationPercentage");
            return "cpu: " + (now.isNumber() ? now.asLong() + "%" : "<unknown>") + "/"
                    + hpa.path("spec").get("targetCPUUtilizationPercentage").asLong() + "%";
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            JsonNode metric = metrics.get(i);
            if (!metric.path("type").asText().equals("Resource")) {
                shown.add("<unknown>/<unknown>");
                continue;
            }
            JsonNode resource = metric.path("resource");
            JsonNode target = resource.path("target");
            JsonNode now = i < current.size() ? current.get(i).path("resource").path("current") : null;
            String text;
            if (target.has("averageValue")) {
                String value = now == null || !now.has("averageValue") ? "<unknown>" : now.get("averageValue").asText();
                text = value + "/" + target.get("averageValue").asText();
            } else {
                String value = now == null || !now.has("averageUtilization") ? "<unknown>"
                        : now.get("averageUtilization").asLong() + "%";
                String goal = target.has("averageUtilization") ? target.get("averageUtilization").asLong() + "%"
                        : "<auto>";
                text = value + "/" + goal;
            }
            shown.add(resource.path("name").asText() + ": " + text);
        }
        if (shown.isEmpty()) {
            return Cells.NONE;
        }
        return shown.size() <= 4 ? String.join(", ", shown)
                : String.join(", ", shown.subList(0, 4)) + " + " + (shown.size() - 4) + " more...";
    }

    static Printer podDisruptionBudgets() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Min Available", "The minimum number of pods that must be available."),
                Column.text("Max Unavailable", "The maximum number of pods that may be unavailable."),
                Column.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
                Column.age()), (pdb, now) -> List.of(name(pdb), Cells.intOrString(pdb.path("spec").path("minAvailable")),
                Cells.intOrString(pdb.path("spec").path("maxUnavailable")),
                Cells.number(pdb.path("status").path("disruptionsAllowed")), age(pdb, now)));
    }

    private static JsonNode template(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }
}
