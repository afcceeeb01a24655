package dev.saleday.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP contract: {@code POST /predict}, {@code GET /healthz}, {@code GET /readyz}, {@code GET /metrics}.
 * Errors are JSON {@code {"error": "..."}}: 400 for a body the client must fix, 413 over {@value #MAX_BODY_BYTES}
 * bytes, 404 for an unknown path, 405 (with {@code Allow}) for a wrong method, 503 while loading, 500 for an injected
 * fault. Every answer carries {@code X-Model-Version} and {@code X-Pod-Name}; while draining, {@code Connection: close}
 * so keep-alive clients move to another pod. The probes' own listener ({@link #probesOnly}) answers the two probes
 * and nothing else, outside the CPU budget of the request workers.
 */
final class ModelHttpApi implements HttpHandler {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_DRAIN_BYTES = 1024 * 1024;

    private final ModelConfig config;
    private final Lifecycle lifecycle;
    private final Supplier<Factorisation> model;
    private final ServerMetrics metrics;
    private final CpuQuota cpuQuota;
    private final FaultInjector faults;
    /** The probe port's listener only: the main port it names for the other paths; NOT_PROBES_ONLY otherwise. */
    private final int probesOnlyMainPort;
    private static final int NOT_PROBES_ONLY = -1;
    private final JsonFactory json = new JsonFactory();

    ModelHttpApi(ModelConfig config, Lifecycle lifecycle, Supplier<Factorisation> model, ServerMetrics metrics,
                 CpuQuota cpuQuota, FaultInjector faults) {
        this(config, lifecycle, model, metrics, cpuQuota, faults, NOT_PROBES_ONLY);
    }

    private ModelHttpApi(ModelConfig config, Lifecycle lifecycle, Supplier<Factorisation> model, ServerMetrics metrics,
                         CpuQuota cpuQuota, FaultInjector faults, int probesOnlyMainPort) {
        this.probesOnlyMainPort = probesOnlyMainPort;
        this.config = config;
        this.lifecycle = lifecycle;
        this.model = model;
        this.metrics = metrics;
        this.cpuQuota = cpuQuota;
        this.faults = faults;
    }

    /**
     * GET /healthz and /readyz only, as on the main port, but never paced by the workers' CPU budget: the budget is
     * the predicts' share of the container's limit, and a probe held behind it would time out exactly when the pod
     * is busiest (the kernel's quota, when there is one, still holds the whole process).
     */
    static ModelHttpApi probesOnly(ModelConfig config, int mainPort, Lifecycle lifecycle, ServerMetrics metrics) {
        return new ModelHttpApi(config, lifecycle, () -> null, metrics, CpuQuota.of(0),
                new FaultInjector(0, 0, 0), mainPort);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long startNanos = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        String route = switch (path) {
            case "/predict", "/healthz", "/readyz", "/metrics" -> path;
            default -> "other";
        };
        int status = 500;
        try {
            cpuQuota.awaitBudget();
            long cpuStart = cpuQuota.threadCpuNanos();
            try {
                status = dispatch(exchange, path);
            } finally {
                cpuQuota.charge(cpuStart);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = send(exchange, 503, error("shutting down"));
        } catch (IOException e) {
            status = 499; // the client went away; nothing left to answer
        } catch (RuntimeException e) {
            status = send(exchange, 500, error("internal error: " + e.getClass().getSimpleName()));
        } finally {
            metrics.countRequest(route, status);
            if (route.equals("/predict")) {
                metrics.recordPredictLatency(System.nanoTime() - startNanos);
            }
            exchange.close();
        }
    }

    private int dispatch(HttpExchange exchange, String path) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        if (probesOnlyMainPort != NOT_PROBES_ONLY && !path.equals("/healthz") && !path.equals("/readyz")) {
            return send(exchange, 404, error("no such path on the probe port: " + path
                    + " (it serves GET /healthz and GET /readyz; the rest is on port " + probesOnlyMainPort + ")"));
        }
        return switch (path) {
            case "/predict" -> method.equals("POST") ? predict(exchange) : methodNotAllowed(exchange, "POST");
            case "/healthz" -> get(exchange, method) ? send(exchange, 200, status("ok")) : methodNotAllowed(exchange, "GET");
            case "/readyz" -> get(exchange, method) ? readiness(exchange) : methodNotAllowed(exchange, "GET");
            case "/metrics" -> get(exchange, method) ? metrics(exchange) : methodNotAllowed(exchange, "GET");
            default -> send(exchange, 404, error("no such path: " + path
                    + " (try POST /predict, GET /healthz, GET /readyz, GET /metrics)"));
        };
    }

    private static boolean get(HttpExchange exchange, String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private int predict(HttpExchange exchange) throws IOException, InterruptedException {
        Factorisation loaded = model.get();
        if (loaded == null) {
            return send(exchange, 503, error("model " + config.modelVersion() + " is still loading"));
        }
        PredictRequest request;
        try {
            Body body = readBody(exchange);
            request = PredictRequest.parse(json, body.bytes(), body.length());
        } catch (BadRequestException e) {
            return send(exchange, e.status(), error(e.getMessage()));
        }
        faults.addLatency();
        if (faults.nextFails()) {
            return send(exchange, 500, error("injected fault (FAULT_ERROR_RATE=" + config.faultErrorRate() + ")"));
        }
        List<ScoredItem> items = loaded.recommend(request.userId(), request.k());
        for (int pass = 1; pass < config.scoringPasses(); pass++) {
            items = loaded.recommend(request.userId(), request.k()); // SCORING_PASSES: the same answer, more CPU
        }
        return send(exchange, 200, prediction(request.userId(), items));
    }

    private record Body(byte[] bytes, int length) {
    }

    /**
     * Reads at most {@value #MAX_BODY_BYTES} bytes; a declared or actual body beyond that is a 413. Up to
     * {@value #MAX_DRAIN_BYTES} bytes of a body too large are read and thrown away first, so a client still sending
     * gets the 413 instead of a reset connection; beyond that the connection is closed after the answer.
     */
    private static Body readBody(HttpExchange exchange) throws IOException, BadRequestException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        int capacity = MAX_BODY_BYTES + 1;
        if (declared != null) {
            long declaredBytes;
            try {
                declaredBytes = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("Content-Length must be a number, got '" + declared + "'");
            }
            if (declaredBytes > MAX_BODY_BYTES) {
                drain(exchange);
                throw tooLarge(declaredBytes + " bytes");
            }
            capacity = (int) declaredBytes;
        }
        byte[] buffer = new byte[capacity];
        int length = 0;
        InputStream in = exchange.getRequestBody();
        int read;
        while (length < capacity && (read = in.read(buffer, length, capacity - length)) > 0) {
            length += read;
        }
        if (length > MAX_BODY_BYTES) {
            drain(exchange);
            throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
        }
        return new Body(buffer, length);
    }

    private static void drain(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        byte[] sink = new byte[8192];
        long drained = 0;
        int read;
        while (drained < MAX_DRAIN_BYTES && (read = in.read(sink)) > 0) {
            drained += read;
        }
        if (drained >= MAX_DRAIN_BYTES) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
    }

    private static BadRequestException tooLarge(String size) {
        return new BadRequestException(413, "request body is " + size + "; the limit is " + MAX_BODY_BYTES + " bytes");
    }

    private int readiness(HttpExchange exchange) throws IOException {
        return switch (lifecycle.state()) {
            case READY -> send(exchange, 200, status("ready"));
            case LOADING -> send(exchange, 503, status("loading"));
            case DRAINING -> send(exchange, 503, status("draining"));
        };
    }

    private int metrics(HttpExchange exchange) throws IOException {
        byte[] body = metrics.render(config.modelVersion(), lifecycle.ready(), config.cpuLimitMillicores(),
                cpuQuota.throttledNanos()).getBytes(StandardCharsets.UTF_8);
        return send(exchange, 200, body, "text/plain; version=0.0.4; charset=utf-8");
    }

    private int methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        return send(exchange, 405, error("method " + exchange.getRequestMethod() + " not allowed on "
                + exchange.getRequestURI().getPath() + "; use " + allowed));
    }

    private int send(HttpExchange exchange, int status, byte[] body) throws IOException {
        return send(exchange, status, body, "application/json");
    }

    private int send(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("X-Model-Version", config.modelVersion());
        headers.set("X-Pod-Name", config.podName());
        if (lifecycle.draining()) {
            headers.set("Connection", "close");
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    private byte[] prediction(long userId, List<ScoredItem> items) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + items.size() * 40);
        try (JsonGenerator out = json.createGenerator(buffer)) {
            out.writeStartObject();
            out.writeNumberField("userId", userId);
            out.writeArrayFieldStart("items");
            for (ScoredItem item : items) {
                out.writeStartObject();
                out.writeNumberField("itemId", item.itemId());
                out.writeNumberField("score", item.score());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeStringField("modelVersion", config.modelVersion());
            out.writeEndObject();
        }
        return buffer.toByteArray();
    }

    private byte[] error(String message) throws IOException {
        return object("error", message);
    }

    private byte[] status(String value) throws IOException {
        return object("status", value);
    }

    private byte[] object(String field, String value) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + value.length());
        try (JsonGenerator out = json.createGenerator(buffer)) {
            out.writeStartObject();
            out.writeStringField(field, value);
            out.writeStringField("modelVersion", config.modelVersion());
            out.writeEndObject();
        }
        return buffer.toByteArray();
    }
}
