package dev.saleday.reports.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * A loopback HTTP server whose answers are delayed as told: the n-th request gets {@code delayMillis(n)} and status
 * {@code statusOf(n)}; optionally a stall holds every answer due within a window until the window ends. It keeps
 * the delays it applied, so a test knows the true distribution. Answers are scheduled, not slept for, so the
 * server never limits concurrency. For a request carrying {@code X-Request-Id} it also keeps its own times: when it
 * received the request and when it began writing the answer ({@link #timesById}), which a client that sent the
 * request before the first and read the answer after the second must bracket.
 */
public final class LatencyServer implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    private final LongUnaryOperator delayMillisOf;
    private final LongUnaryOperator statusOf;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong oks = new AtomicLong();
    private final List<long[]> arrivalsAndDelaysMillis = new ArrayList<>();
    private final java.util.Map<Long, long[]> timesById = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long stallFromMs = Long.MAX_VALUE;
    private volatile long stallToMs = Long.MAX_VALUE;
    private long stallAfterFirstMillis = -1;
    private long stallDurationMillis;

    public LatencyServer(LongUnaryOperator delayMillisOf, LongUnaryOperator statusOf) throws IOException {
        this.delayMillisOf = delayMillisOf;
        this.statusOf = statusOf;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * Stalls the server {@code afterMillis} after its first request, for {@code durationMillis}: every answer due
     * then is held until the stall ends, as a process paused by a long GC or a CPU throttle holds them.
     */
    public synchronized void stallAfterFirstRequest(long afterMillis, long durationMillis) {
        stallAfterFirstMillis = afterMillis;
        stallDurationMillis = durationMillis;
    }

    /** @return epoch ms the stall started, or Long.MAX_VALUE when none was set or it was not reached */
    public long stallFromMs() {
        return stallFromMs;
    }

    public long requests() {
        return requests.get();
    }

    public long oks() {
        return oks.get();
    }

    /** @return per request: {arrival epoch ms, delay applied in ms (stalls excluded)} */
    public synchronized List<long[]> arrivalsAndDelaysMillis() {
        return List.copyOf(arrivalsAndDelaysMillis);
    }

    /** The target's own time for one tagged request: epoch ms received, epoch ms it began answering (-1: not yet). */
    public record Times(long receivedMs, long answeringMs) {
    }

    /** @return request id -> this server's own times for it */
    public java.util.Map<Long, Times> timesById() {
        java.util.Map<Long, Times> copy = new java.util.HashMap<>();
        timesById.forEach((id, t) -> copy.put(id, new Times(t[0], t[1])));
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivedMs = System.currentTimeMillis();
        String idHeader = exchange.getRequestHeaders().getFirst("X-Request-Id");
        Long id = idHeader == null ? null : Long.valueOf(idHeader);
        if (id != null) {
            timesById.put(id, new long[] {arrivedMs, -1});
        }
        exchange.getRequestBody().readAllBytes();
        long n = requests.getAndIncrement();
        long delayMillis = delayMillisOf.applyAsLong(n);
        int status = (int) statusOf.applyAsLong(n);
        if (status == 200) {
            oks.incrementAndGet();
        }
        synchronized (this) {
            if (arrivalsAndDelaysMillis.isEmpty() && stallAfterFirstMillis >= 0) {
                stallToMs = arrivedMs + stallAfterFirstMillis + stallDurationMillis;
                stallFromMs = arrivedMs + stallAfterFirstMillis;
            }
            arrivalsAndDelaysMillis.add(new long[] {arrivedMs, delayMillis});
        }
        long dueMs = arrivedMs + delayMillis;
        if (dueMs >= stallFromMs && dueMs < stallToMs) {
            dueMs = stallToMs;
        }
        long waitMillis = Math.max(0, dueMs - System.currentTimeMillis());
        scheduler.schedule(() -> answer(exchange, status, id, arrivedMs), waitMillis, TimeUnit.MILLISECONDS);
    }

    private void answer(HttpExchange exchange, int status, Long id, long arrivedMs) {
        if (id != null) { // before a byte of the answer leaves
            timesById.put(id, new long[] {arrivedMs, System.currentTimeMillis()});
        }
        byte[] body = "{\"items\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().add("X-Model-Version", "v1.0");
            exchange.sendResponseHeaders(status, body.length);
            out.write(body);
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
