package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The autoscaling/v1 Scale view of a Deployment, ReplicaSet or StatefulSet. */
final class Scales {

    private Scales() {
    }

    static ObjectNode view(ResourceType type, ObjectNode object) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        ObjectNode source = (ObjectNode) object.get("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (source.has(field)) {
                metadata.set(field, source.get(field));
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        status.put("selector", LabelSelectors.fromObject(object.path("spec").get("selector")).toString());
        return scale;
    }
}
