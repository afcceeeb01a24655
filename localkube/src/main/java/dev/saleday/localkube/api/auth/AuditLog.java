package dev.saleday.localkube.api.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The authorization decisions on requests made with ServiceAccount tokens, one {@code audit.k8s.io/v1} Event per
 * line (the API server's {@code --audit-log-path} format at level Metadata, written when the decision is taken):
 * the user, the verb, the {@code objectRef} (apiGroup, resource, subresource, namespace, name) or the
 * non-resource path, and the annotations {@code authorization.k8s.io/decision} ({@code allow} or {@code forbid})
 * and {@code authorization.k8s.io/reason}. The admin's requests are not written. Refusals are also counted.
 */
public final class AuditLog implements AutoCloseable {

    public static final AuditLog NONE = new AuditLog(null, Clock.systemUTC());

    private final BufferedWriter out;
    private final Clock clock;
    private final AtomicLong denied = new AtomicLong();

    private AuditLog(BufferedWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public static AuditLog to(Path file, Clock clock) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new AuditLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), clock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    public void record(UserInfo user, RequestAttributes request, String requestUri, Decision decision) {
        if (!decision.allowed()) {
            denied.incrementAndGet();
        }
        if (out == null || !user.isServiceAccount()) {
            return;
        }
        ObjectNode event = Json.object();
        event.put("kind", "Event");
        event.put("apiVersion", "audit.k8s.io/v1");
        event.put("level", "Metadata");
        event.put("auditID", UUID.randomUUID().toString());
        event.put("stage", decision.allowed() ? "RequestReceived" : "ResponseComplete");
        event.put("requestURI", requestUri);
        event.put("verb", request.verb());
        ObjectNode who = event.putObject("user");
        who.put("username", user.name());
        who.put("uid", user.uid());
        user.groups().forEach(who.putArray("groups")::add);
        if (request.resourceRequest()) {
            ObjectNode ref = event.putObject("objectRef");
            ref.put("resource", request.resource());
            putIfSet(ref, "namespace", request.namespace());
            putIfSet(ref, "name", request.name());
            ref.put("apiGroup", request.apiGroup());
            ref.put("apiVersion", request.apiVersion());
            putIfSet(ref, "subresource", request.subresource());
        }
        if (!decision.allowed()) {
            event.putObject("responseStatus").put("code", 403);
        }
        event.put("requestReceivedTimestamp", Json.timestamp(clock.instant()));
        ObjectNode annotations = event.putObject("annotations");
        annotations.put("authorization.k8s.io/decision", decision.allowed() ? "allow" : "forbid");
        annotations.put("authorization.k8s.io/reason", decision.reason());
        synchronized (this) {
            try {
                out.write(Json.write(event));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                // the audit log is a record, not a gate: the request goes on
            }
        }
    }

    /** Requests refused since the start (any user). */
    public long denied() {
        return denied.get();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
