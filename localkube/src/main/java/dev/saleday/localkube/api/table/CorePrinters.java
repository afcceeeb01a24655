package dev.saleday.localkube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static dev.saleday.localkube.api.table.KindPrinter.age;
import static dev.saleday.localkube.api.table.KindPrinter.name;

/** Services, Endpoints, Nodes, Events, ConfigMaps, Secrets and Namespaces, with kubectl's columns. */
final class CorePrinters {

    private CorePrinters() {
    }

    static Printer services() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Type", "type determines how the Service is exposed."),
                Column.text("Cluster-IP", "clusterIP is the IP address of the service."),
                Column.text("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will "
                        + "also accept traffic for this service."),
                Column.text("Port(s)", "The list of ports that are exposed by this service."),
                Column.age(),
                Column.wide("Selector", "Route service traffic to pods with label keys and values matching this "
                        + "selector.")), (svc, now) -> {
            JsonNode spec = svc.path("spec");
            String type = spec.path("type").asText("ClusterIP");
            List<String> ports = new ArrayList<>();
            for (JsonNode port : spec.path("ports")) {
                String nodePort = port.path("nodePort").asInt(0) > 0 ? ":" + port.get("nodePort").asInt() : "";
                ports.add(port.path("port").asInt() + nodePort + "/" + port.path("protocol").asText("TCP"));
            }
            return List.of(name(svc), type, Cells.orNone(Cells.text(spec.path("clusterIP"))), externalIp(svc, type),
                    ports.isEmpty() ? Cells.NONE : String.join(",", ports), age(svc, now),
                    Cells.mapSelector(spec.path("selector")));
        });
    }

    private static String externalIp(JsonNode svc, String type) {
        List<String> ips = new ArrayList<>();
        svc.path("spec").path("externalIPs").forEach(ip -> ips.add(ip.asText()));
        if (type.equals("LoadBalancer")) {
            for (JsonNode ingress : svc.path("status").path("loadBalancer").path("ingress")) {
                ips.add(ingress.has("ip") ? ingress.get("ip").asText() : ingress.path("hostname").asText());
            }
            return ips.isEmpty() ? "<pending>" : String.join(",", ips);
        }
        if (type.equals("ExternalName")) {
            return svc.path("spec").path("externalName").asText();
        }
        return ips.isEmpty() ? Cells.NONE : String.join(",", ips);
    }

    static Printer endpoints() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Endpoints", "The set of all endpoints is the union of all subsets."),
                Column.age()), (ep, now) -> {
            List<String> endpoints = new ArrayList<>();
            for (JsonNode subset : ep.path("subsets")) {
                for (JsonNode address : subset.path("addresses")) {
                    if (subset.path("ports").isEmpty()) {
                        endpoints.add(address.path("ip").asText());
                    }
                    for (JsonNode port : subset.path("ports")) {
                        endpoints.add(address.path("ip").asText() + ":" + port.path("port").asInt());
                    }
                }
            }
            return List.of(name(ep), Cells.firstOf(endpoints, 3), age(ep, now));
        });
    }

    static Printer nodes() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Status", "The status of the node"),
                Column.text("Roles", "The roles of the node"),
                Column.age(),
                Column.text("Version", "Kubelet Version reported by the node."),
                Column.wide("Internal-IP", "List of addresses reachable to the node."),
                Column.wide("External-IP", "List of addresses reachable to the node."),
                Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release."),
                Column.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r'."),
                Column.wide("Container-Runtime", "ContainerRuntime Version reported by the node.")), (node, now) -> {
            String ready = "Unknown";
            for (JsonNode condition : node.path("status").path("conditions")) {
                if (condition.path("type").asText().equals("Ready")) {
                    ready = condition.path("status").asText().equals("True") ? "Ready" : "NotReady";
                }
            }
            if (node.path("spec").path("unschedulable").asBoolean(false)) {
                ready += ",SchedulingDisabled";
            }
            TreeSet<String> roles = new TreeSet<>();
            node.path("metadata").path("labels").properties().forEach(label -> {
                if (label.getKey().startsWith("node-role.kubernetes.io/")) {
                    roles.add(label.getKey().substring("node-role.kubernetes.io/".length()));
                } else if (label.getKey().equals("kubernetes.io/role")) {
                    roles.add(label.getValue().asText());
                }
            });
            JsonNode info = node.path("status").path("nodeInfo");
            return List.of(name(node), ready, roles.isEmpty() ? Cells.NONE : String.join(",", roles), age(node, now),
                    Cells.text(info.path("kubeletVersion")), address(node, "InternalIP"), address(node, "ExternalIP"),
                    unknown(info.path("osImage")), unknown(info.path("kernelVersion")),
                    unknown(info.path("containerRuntimeVersion")));
        });
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode address : node.path("status").path("addresses")) {
            if (address.path("type").asText().equals(type)) {
                return address.path("address").asText();
            }
        }
        return Cells.NONE;
    }

    private static String unknown(JsonNode value) {
        String text = Cells.text(value);
        return text.isEmpty() ? "<unknown>" : text;
    }

    static Printer events() {
        return new KindPrinter(List.of(
                Column.text("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
                Column.text("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
                Column.text("Reason", "This should be a short, machine understandable string that gives the reason "
                        + "for the transition into the object's current status."),
                Column.text("Object", "The object that this event is about."),
                Column.wide("Subobject", "If referring to a piece of an object instead of an entire object, this "
                        + "string should contain a valid JSON/Go field access statement."),
                Column.wide("Source", "The component reporting this event."),
                Column.text("Message", "A human-readable description of the status of this operation."),
                Column.wide("First Seen", "The time at which the event was first recorded."),
                Column.wide("Count", "The number of times this event has occurred."),
                new Column("Name", "string", "name", 1, "Name must be unique within a namespace.")), (event, now) -> {
            String first = HumanDuration.since(event.path("firstTimestamp"), now);
            if (Cells.text(event.path("firstTimestamp")).isEmpty()) {
                first = HumanDuration.since(event.path("eventTime"), now);
            }
            String last = Cells.text(event.path("lastTimestamp")).isEmpty() ? first
                    : HumanDuration.since(event.path("lastTimestamp"), now);
            long count = event.path("count").asLong(0);
            if (event.has("series") && !event.get("series").isNull()) {
                last = HumanDuration.since(event.path("series").path("lastObservedTime"), now);
                count = event.path("series").path("count").asLong();
            } else if (count == 0) {
                count = 1;
            }
            JsonNode involved = event.path("involvedObject");
            String kind = involved.path("kind").asText().toLowerCase(java.util.Locale.ROOT);
            String target = involved.path("name").asText("").isEmpty() ? kind : kind + "/" + involved.path("name").asText();
            JsonNode source = event.path("source");
            String component = Cells.text(source.path("component"));
            String host = Cells.text(source.path("host"));
            if (component.isEmpty()) {
                component = Cells.text(event.path("reportingComponent"));
                host = Cells.text(event.path("reportingInstance"));
            }
            String sourceText = host.isEmpty() ? component : component + ", " + host;
            return List.of(last, Cells.text(event.path("type")), Cells.text(event.path("reason")), target,
                    Cells.text(involved.path("fieldPath")), sourceText, Cells.text(event.path("message")), first,
                    Long.toString(count), name(event));
        });
    }

    static Printer configMaps() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Data", "Data contains the configuration data."), Column.age()),
                (cm, now) -> List.of(name(cm), (long) (cm.path("data").size() + cm.path("binaryData").size()),
                        age(cm, now)));
    }

    static Printer secrets() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Type", "Used to facilitate programmatic handling of secret data."),
                Column.text("Data", "Data contains the secret data."), Column.age()),
                (secret, now) -> List.of(name(secret), secret.path("type").asText("Opaque"),
                        (long) (secret.path("data").size()), age(secret, now)));
    }

    static Printer namespaces() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Status", "The status of the namespace"), Column.age()),
                (ns, now) -> List.of(name(ns), ns.path("status").path("phase").asText("Active"), age(ns, now)));
    }
}
