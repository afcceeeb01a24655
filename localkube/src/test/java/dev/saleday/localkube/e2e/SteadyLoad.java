package dev.saleday.localkube.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed rate of {@code POST /predict} through a Service URL over a few keep-alive connections, as a load tool
 * with a connection pool sends it: a connection stays on its pod (the proxy balances connections, not requests) until
 * the server says {@code Connection: close} or the connection breaks. Counts successes (200) and failures (anything
 * else, resets, timeouts; no retries). Stops by itself after {@code maxDuration}. Or, as a crowd of clients does, a
 * new connection for every request ({@link #connectionPerRequest}): then the proxy picks a pod for each request.
 */
final class SteadyLoad implements AutoCloseable {

    private static final int CONNECTIONS = 4;

    private final URI url;
    private final ScheduledExecutorService lanes = Executors.newScheduledThreadPool(CONNECTIONS);
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final long startedAtMillis = System.currentTimeMillis();
    private final AtomicInteger user = new AtomicInteger();
    private final boolean newConnectionEach;

    SteadyLoad(URI url, int rateRps, Duration maxDuration) {
        this(url, rateRps, maxDuration, false);
    }

    /** A new connection for every request (closed after its answer). */
    static SteadyLoad connectionPerRequest(URI url, int rateRps, Duration maxDuration) {
        return new SteadyLoad(url, rateRps, maxDuration, true);
    }

    private SteadyLoad(URI url, int rateRps, Duration maxDuration, boolean newConnectionEach) {
        this.url = url;
        this.newConnectionEach = newConnectionEach;
        long periodMicros = 1_000_000L * CONNECTIONS / rateRps;
        for (int i = 0; i < CONNECTIONS; i++) {
            Lane lane = new Lane();
            lanes.scheduleAtFixedRate(lane::send, i * periodMicros / CONNECTIONS, periodMicros, TimeUnit.MICROSECONDS);
        }
        lanes.schedule(lanes::shutdown, maxDuration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One keep-alive connection, used by one thread at a time. */
    private final class Lane {
        private Socket socket;

        synchronized void send() {
            String body = "{\"userId\": " + user.incrementAndGet() % 1000 + ", \"k\": 5}";
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 2000);
                    socket.setSoTimeout(5000);
                    socket.setTcpNoDelay(true);
                }
                OutputStream out = socket.getOutputStream();
                out.write(("POST /predict HTTP/1.1\r\nHost: " + url.getHost() + "\r\nContent-Type: application/json\r\n"
                        + (newConnectionEach ? "Connection: close\r\n" : "")
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = new BufferedInputStream(socket.getInputStream()) {
                    @Override
                    public void close() {
                    }
                };
                String status = line(in);
                int length = -1;
                boolean close = false;
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    String h = header.toLowerCase(Locale.ROOT);
                    if (h.startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    } else if (h.startsWith("connection:") && h.contains("close")) {
                        close = true;
                    }
                }
                if (length < 0) {
                    throw new IOException("response without Content-Length");
                }
                in.readNBytes(length);
                if (status.startsWith("HTTP/1.1 200")) {
                    ok.incrementAndGet();
                } else {
                    fail(status);
                }
                if (close || newConnectionEach) {
                    drop();
                }
            } catch (IOException | RuntimeException e) {
                fail(e.toString());
                drop();
            }
        }

        private void drop() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException e) {
                // gone anyway
            }
            socket = null;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void fail(String why) {
        failed.incrementAndGet();
        if (failures.size() < 50) {
            failures.add(String.format(Locale.ROOT, "+%.2fs %s", (System.currentTimeMillis() - startedAtMillis)
                    / 1000.0, why));
        }
    }

    /** The first failures, each with its time since the load started and what went wrong. */
    String failures() {
        return String.join("\n", failures);
    }

    /** Seconds since the load started, for messages. */
    String elapsed() {
        return String.format(Locale.ROOT, "%.2f", (System.currentTimeMillis() - startedAtMillis) / 1000.0);
    }

    int ok() {
        return ok.get();
    }

    int failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        lanes.shutdownNow();
        lanes.awaitTermination(10, TimeUnit.SECONDS);
    }
}
