package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.plan.LabelSelector;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The API server's storage: objects as Jackson trees, one global resourceVersion counter, a bounded change history
 * for watches to resume from, and the lifecycle rules Kubernetes applies on write (uid, generation, status kept
 * apart from spec, finalizers, graceful deletion of scheduled pods). One lock: writes are serialised and every
 * watch sees changes in resourceVersion order. Stored trees are never mutated, so events can share them.
 */
public final class Store {

    /** How many changes a watch can resume across; older resourceVersions get 410 Gone and a relist. */
    private static final int HISTORY_EVENTS = 20_000;
    /** The finalizer of a Foreground delete (metav1.FinalizerDeleteDependents). */
    public static final String FOREGROUND_DELETION = "foregroundDeletion";
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    /** Whether a write goes to the main resource or the status subresource. */
    public enum Part { MAIN, STATUS }

    /** A list answer: the items and the resourceVersion they are consistent with, plus a continue token. */
    public record ListResult(List<ObjectNode> items, long resourceVersion, String continueToken) {
    }

    private final Map<String, TreeMap<String, ObjectNode>> objects = new HashMap<>();
    private final ArrayDeque<WatchEvent> history = new ArrayDeque<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long revision = 1;

    public Store(Clock clock) {
        this.clock = clock;
    }

    private static String storageKey(ResourceType type) {
        return type.group() + "/" + type.plural();
    }

    private static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    private TreeMap<String, ObjectNode> table(ResourceType type) {
        return objects.computeIfAbsent(storageKey(type), k -> new TreeMap<>());
    }

    public synchronized long resourceVersion() {
        return revision;
    }

    public synchronized Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        return Optional.ofNullable(table(type).get(key(type.namespaced() ? namespace : null, name)));
    }

    public ObjectNode require(ResourceType type, String namespace, String name) {
        return get(type, namespace, name).orElseThrow(() -> ApiException.notFound(type.plural()
                + (type.group().isEmpty() ? "" : "." + type.group()) + " \"" + name + "\""));
    }

    /**
     * @param namespace null for all namespaces
     * @param limit     0 for no limit
     * @param after     the continue token of the previous page (the last key returned), or null
     */
    public synchronized ListResult list(ResourceType type, String namespace, LabelSelector labels,
                                        FieldSelector fields, int limit, String after) {
        List<ObjectNode> items = new ArrayList<>();
        String prefix = namespace == null || !type.namespaced() ? "" : namespace + "/";
        Map<String, ObjectNode> range = after == null ? table(type) : table(type).tailMap(after, false);
        String last = null;
        boolean more = false;
        for (Map.Entry<String, ObjectNode> e : range.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            ObjectNode object = e.getValue();
            if (LabelSelectors.matches(labels, object) && fields.matches(object)) {
                if (limit > 0 && items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(object);
                last = e.getKey();
            }
        }
        return new ListResult(items, revision, more ? last : null);
    }

    /**
     * Sets an object's {@code metadata.managedFields} for a write, from the object before (null on create) and
     * after it ({@link ManagedFields}).
     */
    @FunctionalInterface
    public interface FieldTracker {
        /** Leaves managedFields as the writer sent them (writes of the API server's own). */
        FieldTracker NONE = (before, after) -> { };

        void track(ObjectNode before, ObjectNode after);
    }

    public synchronized ObjectNode create(ResourceType type, String namespace, ObjectNode body) {
        return create(type, namespace, body, FieldTracker.NONE);
    }

    public synchronized ObjectNode create(ResourceType type, String namespace, ObjectNode body, FieldTracker fields) {
        ObjectNode object = body.deepCopy();
        ObjectNode metadata = Json.metadata(object);
        if (type.namespaced()) {
            String ns = namespace != null ? namespace : metadata.path("namespace").asText("default");
            if (!metadata.path("namespace").asText(ns).equals(ns)) {
                throw ApiException.badRequest("the namespace of the object (" + metadata.path("namespace").asText()
                        + ") does not match the namespace on the request (" + ns + ")");
            }
            if (get(ResourceTypes.require("", "namespaces"), null, ns).isEmpty()) {
                throw ApiException.notFound("namespaces \"" + ns + "\"");
            }
            metadata.put("namespace", ns);
        } else {
            metadata.remove("namespace");
        }
        if (metadata.path("name").asText("").isEmpty()) {
            String generate = metadata.path("generateName").asText("");
            if (generate.isEmpty()) {
                throw new ApiException(422, "Invalid", type.kind() + ": metadata.name or metadata.generateName is required");
            }
            metadata.put("name", generate + randomSuffix());
        }
        String name = metadata.get("name").asText();
        Validation.name(type, name);
        String key = key(type.namespaced() ? metadata.get("namespace").asText() : null, name);
        if (table(type).containsKey(key)) {
            throw new ApiException(409, "AlreadyExists", type.plural() + " \"" + name + "\" already exists");
        }
        object.put("apiVersion", type.apiVersion());
        object.put("kind", type.kind());
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("creationTimestamp", Json.timestamp(clock.instant()));
        metadata.put("generation", 1);
        metadata.remove("deletionTimestamp");
        metadata.remove("deletionGracePeriodSeconds");
        metadata.remove("managedFields");
        if (type.hasStatusSubresource() && !Set.of("Node", "Namespace").contains(type.kind())) {
            object.remove("status");
        }
        Defaults.onCreate(type, object, this::allocateClusterIp);
        Defaults.apply(type, object);
        Validation.object(type, object);
        fields.track(null, object);
        metadata.put("resourceVersion", Long.toString(++revision));
        table(type).put(key, object);
        publish(new WatchEvent(type, "ADDED", object, null, revision));
        return object;
    }

    /** Replaces an object (PUT). A non-empty metadata.resourceVersion in the body must be the current one. */
    public synchronized ObjectNode update(ResourceType type, String namespace, String name, ObjectNode body, Part part) {
        return update(type, namespace, name, body, part, FieldTracker.NONE);
    }

    public synchronized ObjectNode update(ResourceType type, String namespace, String name, ObjectNode body, Part part,
                                          FieldTracker fields) {
        ObjectNode current = require(type, namespace, name);
        String expected = body.path("metadata").path("resourceVersion").asText("");
        if (!expected.isEmpty() && !expected.equals(current.path("metadata").path("resourceVersion").asText())) {
            throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.plural() + " \"" + name
                    + "\": the object has been modified; please apply your changes to the latest version and try again");
        }
        if (!Json.name(body).isEmpty() && !Json.name(body).equals(name)) {
            throw ApiException.badRequest("the name of the object (" + Json.name(body)
                    + ") does not match the name on the URL (" + name + ")");
        }
        return write(type, current, body.deepCopy(), part, fields);
    }

    /** Read-modify-write under the lock (patches, scale, binding): {@code change} gets a copy of the current object. */
    public synchronized ObjectNode modify(ResourceType type, String namespace, String name, Part part,
                                          UnaryOperator<ObjectNode> change) {
        return modify(type, namespace, name, part, FieldTracker.NONE, change);
    }

    public synchronized ObjectNode modify(ResourceType type, String namespace, String name, Part part,
                                          FieldTracker fields, UnaryOperator<ObjectNode> change) {
        ObjectNode current = require(type, namespace, name);
        ObjectNode changed = change.apply(current.deepCopy());
        String expected = changed.path("metadata").path("resourceVersion").asText("");
        if (!expected.isEmpty() && !expected.equals(current.path("metadata").path("resourceVersion").asText())) {
            throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.plural() + " \"" + name
                    + "\": the object has been modified; please apply your changes to the latest version and try again");
        }
        return write(type, current, changed, part, fields);
    }

    private ObjectNode write(ResourceType type, ObjectNode current, ObjectNode next, Part part, FieldTracker fields) {
        ObjectNode oldMetadata = (ObjectNode) current.get("metadata");
        ObjectNode object;
        if (part == Part.STATUS) {
            object = current.deepCopy();
            if (next.has("status")) {
                object.set("status", next.get("status"));
            } else {
                object.remove("status");
            }
        } else {
            object = next;
            if (type.hasStatusSubresource()) {
                if (current.has("status")) {
                    object.set("status", current.get("status"));
                } else {
                    object.remove("status");
                }
            }
            ObjectNode metadata = Json.metadata(object);
            for (String kept : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                    "namespace", "name", "generation")) {
                if (oldMetadata.has(kept)) {
                    metadata.set(kept, oldMetadata.get(kept));
                } else {
                    metadata.remove(kept);
                }
            }
            if (oldMetadata.has("deletionTimestamp") && metadata.path("finalizers").size()
                    > oldMetadata.path("finalizers").size()) {
                throw new ApiException(422, "Invalid", "no new finalizers can be added if the object is being deleted");
            }
            object.put("apiVersion", type.apiVersion());
            object.put("kind", type.kind());
            Defaults.apply(type, object);
            Validation.object(type, object);
            if (!specOf(object).equals(specOf(current))) {
                metadata.put("generation", oldMetadata.path("generation").asLong(1) + 1);
            }
        }
        ObjectNode metadata = Json.metadata(object);
        metadata.put("resourceVersion", oldMetadata.get("resourceVersion").asText());
        fields.track(current, object);
        if (object.equals(current)) {
            return current;
        }
        boolean finalized = metadata.has("deletionTimestamp") && metadata.path("finalizers").isEmpty()
                && (!type.kind().equals("Pod") || metadata.path("deletionGracePeriodSeconds").asLong(0) == 0);
        metadata.put("resourceVersion", Long.toString(++revision));
        String key = key(type.namespaced() ? Json.namespace(object) : null, Json.name(object));
        if (finalized) {
            table(type).remove(key);
            publish(new WatchEvent(type, "DELETED", object, null, revision));
        } else {
            table(type).put(key, object);
            publish(new WatchEvent(type, "MODIFIED", object, current, revision));
        }
        return object;
    }

    /** What generation tracks: everything but metadata and status. */
    private static ObjectNode specOf(ObjectNode object) {
        ObjectNode spec = object.deepCopy();
        spec.remove("metadata");
        spec.remove("status");
        return spec;
    }

    /**
     * Deletes as Kubernetes does: a scheduled, non-terminal pod with a grace period is only marked (deletionTimestamp,
     * deletionGracePeriodSeconds) and its kubelet deletes it with grace 0 once stopped; an object with finalizers is
     * marked until they are gone; anything else goes at once. Orphan propagation strips the owner reference from
     * dependents; Foreground adds the {@code foregroundDeletion} finalizer, so the object stays marked while the
     * garbage collector deletes its dependents; Background leaves them to the garbage collector.
     *
     * @param gracePeriodSeconds null for the pod's own spec.terminationGracePeriodSeconds
     * @return the object as it is after the call (marked, or its final state)
     */
    public synchronized ObjectNode delete(ResourceType type, String namespace, String name, Long gracePeriodSeconds,
                                          String propagationPolicy, String preconditionUid) {
        ObjectNode current = require(type, namespace, name);
        ObjectNode oldMetadata = (ObjectNode) current.get("metadata");
        if (preconditionUid != null && !preconditionUid.equals(oldMetadata.path("uid").asText())) {
            throw new ApiException(409, "Conflict", "Precondition failed: UID in precondition: " + preconditionUid
                    + ", UID in object meta: " + oldMetadata.path("uid").asText());
        }
        if ("Orphan".equals(propagationPolicy)) {
            orphanDependents(oldMetadata.path("uid").asText(), Json.namespace(current));
        }
        ObjectNode stored = current;
        if ("Foreground".equals(propagationPolicy) && !oldMetadata.has("deletionTimestamp")
                && !hasFinalizer(oldMetadata, FOREGROUND_DELETION)) {
            // the API server's deletionFinalizersForGarbageCollection: the owner stays, marked, until the garbage
            // collector has deleted its dependents and takes the finalizer off
            current = current.deepCopy();
            ArrayNode finalizers = Json.metadata(current).withArray("finalizers");
            finalizers.add(FOREGROUND_DELETION);
            oldMetadata = (ObjectNode) current.get("metadata");
        }
        long grace = 0;
        if (type.kind().equals("Pod")) {
            String phase = current.path("status").path("phase").asText("");
            boolean scheduled = !current.path("spec").path("nodeName").asText("").isEmpty();
            grace = gracePeriodSeconds != null ? gracePeriodSeconds
                    : current.path("spec").path("terminationGracePeriodSeconds").asLong(30);
            if (!scheduled || phase.equals("Succeeded") || phase.equals("Failed")) {
                grace = 0;
            }
            if (oldMetadata.has("deletionGracePeriodSeconds")) {
                grace = Math.min(grace, oldMetadata.get("deletionGracePeriodSeconds").asLong());
            }
        }
        boolean hasFinalizers = !oldMetadata.path("finalizers").isEmpty();
        if (grace > 0 || hasFinalizers) {
            if (oldMetadata.has("deletionTimestamp") && oldMetadata.path("deletionGracePeriodSeconds").asLong(0) <= grace) {
                return current;
            }
            ObjectNode marked = current.deepCopy();
            ObjectNode metadata = Json.metadata(marked);
            Instant deadline = clock.instant().plusSeconds(grace);
            if (!metadata.has("deletionTimestamp") || grace == 0) {
                metadata.put("deletionTimestamp", Json.timestamp(deadline));
            }
            metadata.put("deletionGracePeriodSeconds", grace);
            if (grace > 0 || hasFinalizers) {
                metadata.put("resourceVersion", Long.toString(++revision));
                table(type).put(key(type.namespaced() ? Json.namespace(current) : null, name), marked);
                publish(new WatchEvent(type, "MODIFIED", marked, stored, revision));
                return marked;
            }
        }
        if (type.kind().equals("Namespace")) {
            deleteNamespaceContents(name);
        }
        return remove(type, current);
    }

    private static boolean hasFinalizer(JsonNode metadata, String finalizer) {
        for (JsonNode f : metadata.path("finalizers")) {
            if (finalizer.equals(f.asText())) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode remove(ResourceType type, ObjectNode current) {
        ObjectNode gone = current.deepCopy();
        Json.metadata(gone).put("resourceVersion", Long.toString(++revision));
        table(type).remove(key(type.namespaced() ? Json.namespace(current) : null, Json.name(current)));
        publish(new WatchEvent(type, "DELETED", gone, null, revision));
        return gone;
    }

    private void deleteNamespaceContents(String namespace) {
        for (ResourceType type : ResourceTypes.all()) {
            if (!type.namespaced()) {
                continue;
            }
            for (ObjectNode object : new ArrayList<>(list(type, namespace, LabelSelector.everything(),
                    FieldSelector.parse(null), 0, null).items())) {
                remove(type, object);
            }
        }
    }

    private void orphanDependents(String ownerUid, String namespace) {
        for (ResourceType type : ResourceTypes.all()) {
            for (ObjectNode object : new ArrayList<>(table(type).values())) {
                JsonNode refs = object.path("metadata").path("ownerReferences");
                boolean owned = false;
                for (JsonNode ref : refs) {
                    owned |= ownerUid.equals(ref.path("uid").asText());
                }
                if (owned) {
                    ObjectNode changed = object.deepCopy();
                    ArrayNode kept = Json.MAPPER.createArrayNode();
                    refs.forEach(ref -> {
                        if (!ownerUid.equals(ref.path("uid").asText())) {
                            kept.add(ref);
                        }
                    });
                    if (kept.isEmpty()) {
                        Json.metadata(changed).remove("ownerReferences");
                    } else {
                        Json.metadata(changed).set("ownerReferences", kept);
                    }
                    Json.metadata(changed).put("resourceVersion", Long.toString(++revision));
                    table(type).put(key(type.namespaced() ? Json.namespace(object) : null, Json.name(object)), changed);
                    publish(new WatchEvent(type, "MODIFIED", changed, object, revision));
                }
            }
        }
    }

    /**
     * Opens a watch. With no resourceVersion (or "0") it first sends every selected object as ADDED; with one, it
     * replays the changes after it, or sends 410 Gone when they have left the history.
     */
    public synchronized Watch watch(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields,
                                    String fromResourceVersion, WatchSink sink) {
        Watch watch = new Watch(type, type.namespaced() ? namespace : null, labels, fields, sink);
        if (fromResourceVersion == null || fromResourceVersion.isEmpty() || fromResourceVersion.equals("0")) {
            for (ObjectNode object : list(type, namespace, labels, fields, 0, null).items()) {
                sink.send("ADDED", object);
            }
        } else {
            long from;
            try {
                from = Long.parseLong(fromResourceVersion);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("resourceVersion must be a number, got '" + fromResourceVersion + "'");
            }
            long oldest = history.isEmpty() ? revision : history.peekFirst().resourceVersion();
            if (from < oldest - 1 && from < revision) {
                ObjectNode status = Status.failure(410, "Expired", "too old resource version: " + from + " (" + oldest + ")");
                sink.send("ERROR", status);
                sink.end();
                return watch;
            }
            for (WatchEvent event : history) {
                if (event.resourceVersion() > from) {
                    watch.deliver(event);
                }
            }
        }
        watches.add(watch);
        return watch;
    }

    public void cancel(Watch watch) {
        watches.remove(watch);
    }

    /** Ends every watch (server shutdown). */
    public synchronized void closeWatches() {
        for (Watch watch : watches) {
            watch.sink().end();
        }
        watches.clear();
    }

    public int openWatches() {
        return watches.size();
    }

    private void publish(WatchEvent event) {
        history.addLast(event);
        while (history.size() > HISTORY_EVENTS) {
            history.removeFirst();
        }
        for (Watch watch : watches) {
            try {
                watch.deliver(event);
            } catch (RuntimeException e) {
                watches.remove(watch);
            }
        }
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return suffix.toString();
    }

    private int nextClusterIp = 10;

    /** 10.96.0.0/16, as kind allocates; localkube's proxy gives the real address, this is for fidelity of the field. */
    private String allocateClusterIp() {
        int n = nextClusterIp++;
        return "10.96." + (n / 250) + "." + (n % 250 + 1);
    }

    /** Removes Events older than {@code ttl}, as the API server's event TTL does. */
    public synchronized int expireEvents(java.time.Duration ttl) {
        ResourceType events = ResourceTypes.require("", "events");
        Instant cutoff = clock.instant().minus(ttl);
        int removed = 0;
        for (Iterator<ObjectNode> it = new ArrayList<>(table(events).values()).iterator(); it.hasNext(); ) {
            ObjectNode event = it.next();
            String last = event.path("lastTimestamp").asText(event.path("metadata").path("creationTimestamp").asText(""));
            if (!last.isEmpty() && Instant.parse(last).isBefore(cutoff)) {
                remove(events, event);
                removed++;
            }
        }
        return removed;
    }
}
