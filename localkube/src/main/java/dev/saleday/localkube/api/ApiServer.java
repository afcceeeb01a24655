package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.auth.AuditLog;
import dev.saleday.localkube.api.auth.BootstrapPolicy;
import dev.saleday.localkube.api.table.Tables;
import dev.saleday.localkube.api.tls.ServingCertificates;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.KeyCertOptions;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * localkube's API server: HTTP/1.1 on 127.0.0.1 (Vert.x core), over TLS on one port (the kubeconfig's, with a CA made
 * at start) and plain on another (in-process clients), answering with {@link ApiHandler}. Watches are served
 * both as WebSocket streams (fabric8) and as chunked HTTP streams ({@code kubectl get -w}). Every request passes
 * {@link Access} first (ServiceAccount tokens are held to RBAC). Nothing is kept in memory per request, so memory
 * stays flat however long it runs (the audit log of ServiceAccounts' requests goes to a file).
 */
public final class ApiServer implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpServer secureServer;
    private final ServingCertificates certificates;
    private final ApiHandler handler;
    private final Store store;
    private final long eventsTimerId;
    private final AuditLog audit;
    private final ApiOutage outage;

    private ApiServer(Vertx vertx, HttpServer server, HttpServer secureServer, ServingCertificates certificates,
                      ApiHandler handler, Store store, long eventsTimerId, AuditLog audit, ApiOutage outage) {
        this.secureServer = secureServer;
        this.certificates = certificates;
        this.audit = audit;
        this.outage = outage;
        this.vertx = vertx;
        this.server = server;
        this.handler = handler;
        this.store = store;
        this.eventsTimerId = eventsTimerId;
    }

    /**
     * @param port    0 for an ephemeral port
     * @param eventTtl how long Events are kept (Kubernetes keeps them an hour)
     */
    public static ApiServer start(int port, PodLogs podLogs, Clock clock, Duration eventTtl) {
        return start(port, podLogs, ResourceUsage.NONE, clock, eventTtl);
    }

    /**
     * @param usage    what the kubelet measured, served as {@code metrics.k8s.io} ({@code kubectl top})
     */
    public static ApiServer start(int port, PodLogs podLogs, ResourceUsage usage, Clock clock, Duration eventTtl) {
        return start(port, podLogs, usage, PodExec.NONE, clock, eventTtl);
    }

    /**
     * @param exec     where {@code pods/NAME/exec} runs its commands ({@code kubectl exec})
     */
    public static ApiServer start(int port, PodLogs podLogs, ResourceUsage usage, PodExec exec, Clock clock,
                                  Duration eventTtl) {
        return start(port, podLogs, usage, exec, clock, eventTtl, null);
    }

    /**
     * @param auditLog where the authorization decisions on ServiceAccounts' requests are written
     *                 ({@link AuditLog}), or null for nowhere
     */
    public static ApiServer start(int port, PodLogs podLogs, ResourceUsage usage, PodExec exec, Clock clock,
                                  Duration eventTtl, java.nio.file.Path auditLog) {
        return start(port, 0, podLogs, usage, exec, clock, eventTtl, auditLog);
    }

    /**
     * @param port       the plain HTTP port on 127.0.0.1 ({@link #url()}), 0 for an ephemeral one
     * @param securePort the HTTPS port on 127.0.0.1 ({@link #secureUrl()}), 0 for an ephemeral one; its certificate
     *                   is signed by a CA made at start ({@link #certificates()})
     */
    public static ApiServer start(int port, int securePort, PodLogs podLogs, ResourceUsage usage, PodExec exec,
                                  Clock clock, Duration eventTtl, java.nio.file.Path auditLog) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        Store store = new Store(clock);
        ApiOutage outage = new ApiOutage();
        ApiHandler handler = new ApiHandler(store, podLogs, usage, clock);
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            ObjectNode namespace = Json.object();
            namespace.putObject("metadata").put("name", ns);
            store.create(ResourceTypes.require("", "namespaces"), null, namespace);
        }
        BootstrapPolicy.seed(store);
        Access access = new Access(store, clock, auditLog == null ? AuditLog.NONE : AuditLog.to(auditLog, clock));
        ServingCertificates certificates = ServingCertificates.generate(clock.instant());
        HttpServer server = vertx.createHttpServer(options(port));
        // HTTPS as an API server serves it (HTTP/1.1, no ALPN: exec and port-forward upgrade to WebSockets), with
        // the same handler: kubectl sends a kubeconfig's credentials only over TLS.
        HttpServer secureServer = vertx.createHttpServer(options(securePort).setSsl(true)
                .setKeyCertOptions(KeyCertOptions.wrap(certificates.keyManager())));
        ProxySubresource proxy = new ProxySubresource(vertx, store);
        LogFollower logs = new LogFollower(vertx, store, podLogs, clock);
        ExecSubresource execs = new ExecSubresource(store, exec);
        PortForwardSubresource forwards = new PortForwardSubresource(vertx, store);
        Handler<HttpServerRequest> requests = request -> {
            // The outage switch and the outage itself come before authentication: an API server that is down
            // answers nobody, and the switch is localkube's own, not an API resource.
            if (request.path().equals(ApiOutage.PATH)) {
                controlOutage(outage, store, request);
                return;
            }
            Optional<ApiOutage.State> out = outage.current();
            if (out.isPresent()) {
                refuse(out.get(), request);
                return;
            }
            if (!access.admit(request)) {
                return;
            }
            if (ProxySubresource.matches(request.path())) {
                proxy.serve(request);
            } else if (ExecSubresource.matches(request)) {
                execs.serve(request);
            } else if (PortForwardSubresource.matches(request)) {
                forwards.serve(request);
            } else if (LogFollower.matches(request)) {
                logs.serve(request);
            } else {
                serve(handler, store, clock, request);
            }
        };
        server.requestHandler(requests);
        secureServer.requestHandler(requests);
        int listening = port;
        try {
            server.listen().await(30, TimeUnit.SECONDS);
            listening = securePort;
            secureServer.listen().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            access.audit().close();
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + listening + ": " + e.getMessage(), e);
        }
        long timer = vertx.setPeriodic(60_000, id -> store.expireEvents(eventTtl));
        return new ApiServer(vertx, server, secureServer, certificates, handler, store, timer, access.audit(), outage);
    }

    private static HttpServerOptions options(int port) {
        return new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setMaxWebSocketFrameSize(16 * 1024 * 1024).setMaxWebSocketMessageSize(64 * 1024 * 1024)
                .setCompressionSupported(false).setWebSocketSubProtocols(java.util.stream.Stream.concat(
                        ExecSubresource.PROTOCOLS.stream(), java.util.stream.Stream.of(PortForwardSubresource.TUNNEL_PROTOCOL))
                        .toList());
    }

    /** {@link ApiOutage#PATH}: POST starts an outage and closes every watch, DELETE ends it, GET tells. */
    private static void controlOutage(ApiOutage outage, Store store, HttpServerRequest request) {
        HttpServerResponse response = request.response().putHeader("Content-Type", "application/json");
        try {
            switch (request.method().name()) {
                case "POST" -> {
                    String millis = request.getParam("durationMillis");
                    String mode = request.getParam("mode") == null ? "unavailable" : request.getParam("mode");
                    if (millis == null || !millis.matches("\\d{1,12}")) {
                        throw new IllegalArgumentException("durationMillis must be a number of milliseconds > 0");
                    }
                    outage.start(Duration.ofMillis(Long.parseLong(millis)), mode);
                    store.closeWatches();
                }
                case "DELETE" -> outage.end();
                case "GET" -> { }
                default -> throw new IllegalArgumentException("use POST, DELETE or GET");
            }
        } catch (IllegalArgumentException e) {
            response.setStatusCode(400).end(Json.write(Status.failure(400, "BadRequest", e.getMessage())));
            return;
        }
        ObjectNode body = Json.object();
        Optional<ApiOutage.State> state = outage.current();
        body.put("active", state.isPresent());
        state.ifPresent(s -> body.put("mode", s.mode()).put("remainingMillis",
                Math.max(0, (s.endsAtNanos() - System.nanoTime()) / 1_000_000)));
        response.setStatusCode(200).end(Json.write(body));
    }

    private static void refuse(ApiOutage.State state, HttpServerRequest request) {
        HttpServerResponse response = request.response().setStatusCode(state.httpStatus())
                .putHeader("Content-Type", "application/json");
        if (state.httpStatus() == 429) {
            response.putHeader("Retry-After", "1");
        }
        response.end(Json.write(ApiOutage.refusal(state)));
    }

    /** The outage switch of this API server ({@code api-outage}). */
    public ApiOutage outage() {
        return outage;
    }

    public int port() {
        return server.actualPort();
    }

    /** Plain HTTP on loopback, for in-process clients (the controllers, the harness's own client). */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** HTTPS on loopback, the address a kubeconfig names (kubectl sends credentials only over TLS). */
    public String secureUrl() {
        return "https://127.0.0.1:" + secureServer.actualPort();
    }

    /** The CA that signed {@link #secureUrl()}'s certificate, and that certificate. */
    public ServingCertificates certificates() {
        return certificates;
    }

    public Store store() {
        return store;
    }

    public ApiHandler handler() {
        return handler;
    }

    /** Requests refused by authorization (403) since the start. */
    public long deniedRequests() {
        return audit.denied();
    }

    private static void serve(ApiHandler handler, Store store, Clock clock, HttpServerRequest request) {
        Map<String, String> query = new HashMap<>();
        request.params().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        String path = request.path();
        boolean watch = "true".equals(query.get("watch")) || "1".equals(query.get("watch")) || path.contains("/watch/");
        Optional<String> table = Tables.requested(request.getHeader("Accept"));
        if (watch && request.method().name().equals("GET")) {
            ApiRequest apiRequest = new ApiRequest("GET", path.replace("/watch/", "/"), query, null, null);
            TableWatch printing = TableWatch.of(table, apiRequest, clock);
            if (request.canUpgradeToWebSocket()) {
                request.toWebSocket().onSuccess(ws -> webSocketWatch(handler, store, apiRequest, ws, printing));
            } else {
                httpWatch(handler, store, apiRequest, request, printing);
            }
            return;
        }
        request.body().onSuccess(buffer -> {
            String contentType = request.getHeader("Content-Type");
            String body;
            if (ProtobufBodies.isProtobuf(contentType)) {
                try {
                    body = Json.write(ProtobufBodies.toJson(buffer.getBytes()));
                    contentType = "application/json";
                } catch (ApiException e) {
                    request.response().setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                            .end(Json.write(Status.failure(e.code(), e.reason(), e.getMessage())));
                    return;
                }
            } else {
                body = buffer.toString();
            }
            ApiRequest apiRequest = new ApiRequest(request.method().name(), path, query, contentType, body,
                    request.getHeader("User-Agent"));
            ApiResponse response = asTable(handler.handle(apiRequest), apiRequest, table, clock);
            HttpServerResponse http = request.response().setStatusCode(response.code());
            for (String warning : response.warnings()) {
                http.headers().add("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
            }
            if (response.text() != null) {
                http.putHeader("Content-Type", "text/plain; charset=utf-8").end(response.text());
            } else {
                http.putHeader("Content-Type", "application/json").end(Json.write(response.json()));
            }
        });
    }

    /** A GET's answer printed as a Table when the client asked for one (kubectl get). */
    private static ApiResponse asTable(ApiResponse response, ApiRequest request, Optional<String> table, Clock clock) {
        if (table.isEmpty() || response.code() != 200 || response.json() == null || !request.method().equals("GET")) {
            return response;
        }
        ApiPath path;
        try {
            path = ApiPath.parse(request.path());
        } catch (ApiException e) {
            return response;
        }
        if (path.subresource() != null) {
            return response;
        }
        return ApiResponse.of(200, Tables.table(path.type(), response.json(), table.get(),
                request.param("includeObject"), clock.instant()));
    }

    /** Turns a watch's objects into one-row Tables when the client asked for Tables (kubectl get -w). */
    private record TableWatch(ResourceType type, String version, String includeObject, Clock clock) {

        static TableWatch of(Optional<String> table, ApiRequest request, Clock clock) {
            if (table.isEmpty()) {
                return null;
            }
            try {
                ApiPath path = ApiPath.parse(request.path());
                return path.subresource() == null
                        ? new TableWatch(path.type(), table.get(), request.param("includeObject"), clock) : null;
            } catch (ApiException e) {
                return null;
            }
        }

        static JsonNode print(TableWatch printing, String eventType, JsonNode object) {
            if (printing == null || eventType.equals("ERROR") || eventType.equals("BOOKMARK")) {
                return object;
            }
            return Tables.table(printing.type(), object, printing.version(), printing.includeObject(),
                    printing.clock().instant());
        }
    }

    private static void webSocketWatch(ApiHandler handler, Store store, ApiRequest request, ServerWebSocket ws,
                                       TableWatch printing) {
        WatchSink sink = new WatchSink() {
            @Override
            public void send(String type, JsonNode object) {
                if (!ws.isClosed()) {
                    ws.writeTextMessage(event(type, TableWatch.print(printing, type, object)));
                }
            }

            @Override
            public void end() {
                if (!ws.isClosed()) {
                    ws.close();
                }
            }
        };
        try {
            Watch opened = handler.openWatch(request, sink);
            ws.closeHandler(v -> store.cancel(opened));
            ws.exceptionHandler(e -> store.cancel(opened));
            timeout(ws.isClosed(), request, () -> {
                store.cancel(opened);
                sink.end();
            });
        } catch (ApiException e) {
            sink.send("ERROR", Status.failure(e.code(), e.reason(), e.getMessage()));
            sink.end();
        }
    }

    private static void httpWatch(ApiHandler handler, Store store, ApiRequest request, HttpServerRequest http,
                                  TableWatch printing) {
        HttpServerResponse response = http.response();
        try {
            ApiPath.parse(request.path());
        } catch (ApiException e) {
            response.setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                    .end(Json.write(Status.failure(e.code(), e.reason(), e.getMessage())));
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "application/json").setStatusCode(200);
        response.writeHead(); // clients wait for the headers before they read events
        WatchSink sink = new WatchSink() {
            @Override
            public void send(String type, JsonNode object) {
                if (!response.ended() && !response.closed()) {
                    response.write(event(type, TableWatch.print(printing, type, object)) + "\n");
                }
            }

            @Override
            public void end() {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }
        };
        try {
            Watch opened = handler.openWatch(request, sink);
            response.closeHandler(v -> store.cancel(opened));
            timeout(false, request, () -> {
                store.cancel(opened);
                sink.end();
            });
        } catch (ApiException e) {
            sink.send("ERROR", Status.failure(e.code(), e.reason(), e.getMessage()));
            sink.end();
        }
    }

    private static void timeout(boolean closed, ApiRequest request, Runnable end) {
        String seconds = request.param("timeoutSeconds");
        if (closed || seconds == null) {
            return;
        }
        io.vertx.core.Context context = Vertx.currentContext();
        if (context != null) {
            context.owner().setTimer(Math.max(1, Long.parseLong(seconds)) * 1000, id -> end.run());
        }
    }

    private static String event(String type, JsonNode object) {
        ObjectNode event = Json.object();
        event.put("type", type);
        event.set("object", object);
        return Json.write(event);
    }

    @Override
    public void close() {
        vertx.cancelTimer(eventsTimerId);
        audit.close();
        store.closeWatches();
        try {
            server.close().await(10, TimeUnit.SECONDS);
            secureServer.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
