package dev.saleday.cli.injectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What an injector pod serves on its port, to the coordinator only, through the API server's pod proxy:
 * <ul>
 *   <li>{@code GET /status}: {@code {"shard":"i/n","state":"...","startAtMs":...}}, state one of starting, ready
 *       (Gatling built, waiting for the start instant), running, done, failed;</li>
 *   <li>{@code POST /start?atMs=EPOCH_MS}: the start instant all shards share (set once; 409 after);</li>
 *   <li>{@code GET /records}: its record files, one {@code SIZE PATH} a line; {@code GET /records/PATH?from=OFFSET}:
 *       a file's bytes from an offset, so injector.jsonl is read a second at a time while the load runs;</li>
 *   <li>{@code POST /collected}: the coordinator has its records; the injector ends.</li>
 * </ul>
 * Plain HTTP on the pod's own address: the pod proxy is the only route to it from outside the cluster.
 */
final class InjectorServer implements AutoCloseable {

    enum State { STARTING, READY, RUNNING, DONE, FAILED }

    private final HttpServer server;
    private final Path recordsDir;
    private final String shard;
    private final CountDownLatch startSet = new CountDownLatch(1);
    private final CountDownLatch collected = new CountDownLatch(1);
    private volatile State state = State.STARTING;
    private volatile long startAtMs = -1;

    private InjectorServer(HttpServer server, Path recordsDir, String shard) {
        this.server = server;
        this.recordsDir = recordsDir.toAbsolutePath().normalize();
        this.shard = shard;
    }

    static InjectorServer start(String host, int port, Path recordsDir, String shard) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        InjectorServer injector = new InjectorServer(http, recordsDir, shard);
        http.createContext("/status", injector::status);
        http.createContext("/start", injector::startAt);
        http.createContext("/records", injector::records);
        http.createContext("/collected", injector::collected);
        http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "injector-http");
            thread.setDaemon(true);
            return thread;
        }));
        http.start();
        return injector;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void state(State next) {
        state = next;
    }

    /** @return the start instant (epoch ms) once the coordinator set it, or -1 after {@code timeout} */
    long awaitStartAtMs(Duration timeout) throws InterruptedException {
        return startSet.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? startAtMs : -1;
    }

    /** @return whether the coordinator said it collected the records within {@code timeout} */
    boolean awaitCollected(Duration timeout) throws InterruptedException {
        return collected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void status(HttpExchange exchange) throws IOException {
        send(exchange, 200, "application/json", String.format(java.util.Locale.ROOT,
                "{\"shard\":\"%s\",\"state\":\"%s\",\"startAtMs\":%d}", shard,
                state.name().toLowerCase(java.util.Locale.ROOT), startAtMs));
    }

    private synchronized void startAt(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain", "POST /start?atMs=EPOCH_MS");
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        long at;
        try {
            at = Long.parseLong(query == null || !query.startsWith("atMs=") ? "" : query.substring(5));
        } catch (NumberFormatException e) {
            send(exchange, 400, "text/plain", "expected ?atMs=EPOCH_MS, got " + query);
            return;
        }
        if (startAtMs >= 0 && startAtMs != at) {
            send(exchange, 409, "text/plain", "the start instant is already " + startAtMs);
            return;
        }
        startAtMs = at;
        startSet.countDown();
        send(exchange, 200, "text/plain", "start at " + at);
    }

    private void collected(HttpExchange exchange) throws IOException {
        send(exchange, 200, "text/plain", "bye");
        collected.countDown();
    }

    private void records(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/records") || path.equals("/records/")) {
            StringBuilder list = new StringBuilder();
            try (Stream<Path> files = Files.walk(recordsDir)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    list.append(Files.size(file)).append(' ')
                            .append(recordsDir.relativize(file).toString().replace('\\', '/')).append('\n');
                }
            }
            send(exchange, 200, "text/plain", list.toString());
            return;
        }
        Path file = recordsDir.resolve(path.substring("/records/".length())).normalize();
        if (!file.startsWith(recordsDir) || !Files.isRegularFile(file)) {
            send(exchange, 404, "text/plain", "no record " + path);
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        long from = query != null && query.startsWith("from=") ? Long.parseLong(query.substring(5)) : 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long length = Math.max(0, size - from);
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
            if (length > 0) {
                try (OutputStream out = exchange.getResponseBody(); InputStream in = Channels.newInputStream(
                        channel.position(from))) {
                    byte[] buffer = new byte[64 * 1024];
                    long left = length;
                    while (left > 0) {
                        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (read < 0) {
                            break;
                        }
                        out.write(buffer, 0, read);
                        left -= read;
                    }
                }
            }
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
