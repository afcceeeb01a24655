package dev.saleday.simulations.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The benchmark's target, run as its own process: {@code POST /predict} answers a constant JSON items list with the
 * model's headers, doing no work, so the injector is what gets measured. Prints {@code port=N} when listening.
 */
public final class TrivialTarget {

    private static final byte[] ANSWER = "{\"items\":[{\"itemId\":1,\"score\":0.9}]}".getBytes(StandardCharsets.UTF_8);

    private TrivialTarget() {
    }

    public static void main(String[] args) throws IOException {
        // As in the model: without TCP_NODELAY the separate header and body writes meet delayed ACKs (40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("X-Model-Version", "bench");
                exchange.getResponseHeaders().add("X-Pod-Name", "bench-pod");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ANSWER.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(ANSWER);
                }
            }
        });
        server.start();
        System.out.println("port=" + server.getAddress().getPort());
        System.out.flush();
    }
}
