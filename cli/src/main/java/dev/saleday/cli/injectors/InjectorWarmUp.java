package dev.saleday.cli.injectors;

import com.sun.net.httpserver.HttpServer;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Traffic;
import dev.saleday.simulations.LoadResult;
import dev.saleday.simulations.LoadRun;
import dev.saleday.simulations.LoadSettings;
import dev.saleday.simulations.traffic.Shard;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Warms an injector pod's JVM before it says ready, without one request to the target: a short load of the plan's
 * own traffic (its connections, users and k mix, one constant phase) as the pod's own shard of it, through the same
 * Gatling, Netty, sharding and recorder code as the real load, sent to a stub on the pod's own loopback that answers
 * every predict at once. Its records go to a temporary folder, deleted after: they are no part of the shard's.
 *
 * <p>Why: a pod's JVM starts cold, and the harness image runs the default compilers (C2). Started cold into the load,
 * N pods compile the load's hot code at once, on cores they share with the target: on a 2-core host three pods
 * spent their first seconds compiling and a 20 ms target read 177-193 ms at the median. The in-process injector
 * runs in the coordinator's JVM, already running when its load starts; each pod pays its warm-up before the start
 * instant, which the coordinator sets only once every shard is ready.
 *
 * @param duration how long the warm-up load runs (zero: none)
 * @param rateRps  its constant rate
 */
record InjectorWarmUp(Duration duration, double rateRps) {

    /**
     * The default: 4 s at 250 req/s a pod, 1000 requests: most of a cold JVM's start is the first run of each method
     * (interpreted, then compiled by C1), paid whatever the rate; a higher rate buys little more and, with every
     * pod warming up at once on a small host, is paid by the others' warm-up.
     */
    static final InjectorWarmUp DEFAULT = new InjectorWarmUp(Duration.ofSeconds(4), 250);

    private static final byte[] ANSWER = "{\"items\":[{\"itemId\":1,\"score\":0.5}]}".getBytes(StandardCharsets.UTF_8);

    /**
     * @return the warm-up's traffic: the plan's (connections, users, k mix, seed), one constant phase whose
     *         {@code shard}'s share is {@link #rateRps}
     */
    Traffic traffic(Traffic planTraffic, Shard shard) {
        double total = rateRps * shard.count();
        return planTraffic.withScale(1).withInjectors(shard.count())
                .withPhases(List.of(new Phase("jvm-warm-up", duration, total, total)));
    }

    /**
     * Runs the warm-up load against a loopback stub.
     *
     * @param shard the pod's shard: the warm-up runs the same sharded code (a shard of one writes a report too)
     * @return the requests sent, as Gatling's injector recorded them (0 when none was asked)
     */
    long run(Traffic planTraffic, Shard shard) {
        if (duration.isZero() || rateRps <= 0) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "saleday-warm-up-stub");
            thread.setDaemon(true);
            return thread;
        });
        HttpServer stub = null;
        Path dir = null;
        try {
            stub = stub(pool);
            dir = Files.createTempDirectory("saleday-warm-up-");
            URI url = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
            // as a shard of several, Gatling writes no HTML report of it either
            LoadResult result = LoadRun.run(LoadSettings.of(traffic(planTraffic, shard), url, dir)
                    .withPlanName("jvm-warm-up").withShard(shard));
            return result.phases().stream().mapToLong(p -> p.sent()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (stub != null) {
                stub.stop(0);
            }
            pool.shutdownNow();
            delete(dir);
        }
    }

    private static HttpServer stub(ExecutorService pool) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("X-Model-Version", "warm-up");
                exchange.getResponseHeaders().add("X-Pod-Name", "warm-up");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ANSWER.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(ANSWER);
                }
            }
        });
        server.start();
        return server;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
