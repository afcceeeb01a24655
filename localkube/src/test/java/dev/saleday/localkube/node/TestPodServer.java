package dev.saleday.localkube.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP process that stands in for a model in tests, run as a pod's container. Binds {@code HOST:PORT} (env).
 * <ul>
 *   <li>{@code GET /} -> 200, body and {@code X-Pod-Name} header = {@code POD_NAME} (else HOSTNAME)</li>
 *   <li>{@code GET /env} -> the environment, {@code KEY=value} lines, sorted</li>
 *   <li>{@code GET /healthz} -> 200, or 500 once {@code HEALTHY_FOR_MILLIS} have passed</li>
 *   <li>{@code GET /readyz} -> 503 until {@code READY_AFTER_MILLIS} have passed, then 200; request number
 *       {@code READYZ_STALL_AT} (1-based, default none) first waits {@code READYZ_STALL_MILLIS}, as a model too
 *       busy to answer in time</li>
 *   <li>{@code GET /cpu} -> {@code <process CPU ns> <System.nanoTime()>}: the JVM's own count of the CPU this
 *       process used, and when it read it (nanoTime is the machine's monotonic clock, the same in every process)</li>
 * </ul>
 * It logs {@code starting at <epoch ms>}, then {@code listening on <host>:<port> as <pod>} once it serves.
 * {@code GET /prestop} logs {@code preStop at <epoch ms>} and answers after {@code PRESTOP_MILLIS}.
 * {@code IGNORE_SIGTERM=true} makes it ignore SIGTERM, logging {@code SIGTERM ignored at <epoch ms>} (only SIGKILL
 * stops it); {@code BURN_CPU=true} keeps one core busy.
 */
public final class TestPodServer {

    private TestPodServer() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        long startedMillis = System.currentTimeMillis();
        // a first line before "listening on": logs --tail has more than one line to cut
        System.out.println("starting at " + startedMillis);
        if ("true".equals(env.get("IGNORE_SIGTERM"))) {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
                System.out.println("SIGTERM ignored at " + System.currentTimeMillis());
                System.out.flush();
            });
        }
        if ("true".equals(env.get("BURN_CPU"))) {
            Thread burner = new Thread(() -> {
                long x = 0;
                while (true) {
                    x += System.nanoTime() % 7;
                    if (x == 42) {
                        System.out.print("");
                    }
                }
            }, "burn");
            burner.setDaemon(true);
            burner.start();
        }
        String podName = env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "unknown"));
        long healthyForMillis = Long.parseLong(env.getOrDefault("HEALTHY_FOR_MILLIS", "-1"));
        long readyAfterMillis = Long.parseLong(env.getOrDefault("READY_AFTER_MILLIS", "0"));
        String host = env.getOrDefault("HOST", "127.0.0.1");
        int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 200);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("X-Pod-Name", podName);
            respond(exchange, 200, podName);
        });
        server.createContext("/env", exchange -> {
            StringBuilder body = new StringBuilder();
            new TreeMap<>(env).forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
            respond(exchange, 200, body.toString());
        });
        server.createContext("/prestop", exchange -> {
            System.out.println("preStop at " + System.currentTimeMillis());
            System.out.flush();
            sleepMillis(Long.parseLong(env.getOrDefault("PRESTOP_MILLIS", "0")));
            respond(exchange, 200, "bye");
        });
        server.createContext("/cpu", exchange -> {
            long cpuNanos = ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            respond(exchange, 200, cpuNanos + " " + System.nanoTime());
        });
        server.createContext("/healthz", exchange -> {
            long age = System.currentTimeMillis() - startedMillis;
            boolean healthy = healthyForMillis < 0 || age < healthyForMillis;
            respond(exchange, healthy ? 200 : 500, healthy ? "ok" : "unhealthy");
        });
        java.util.concurrent.atomic.AtomicInteger readyzRequests = new java.util.concurrent.atomic.AtomicInteger();
        int stallAt = Integer.parseInt(env.getOrDefault("READYZ_STALL_AT", "0"));
        long stallMillis = Long.parseLong(env.getOrDefault("READYZ_STALL_MILLIS", "0"));
        server.createContext("/readyz", exchange -> {
            if (readyzRequests.incrementAndGet() == stallAt) {
                sleepMillis(stallMillis);
            }
            boolean ready = System.currentTimeMillis() - startedMillis >= readyAfterMillis;
            respond(exchange, ready ? 200 : 503, ready ? "ready" : "starting");
        });
        server.start();
        System.out.println("listening on " + host + ":" + port + " as " + podName);
        System.out.flush();
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
