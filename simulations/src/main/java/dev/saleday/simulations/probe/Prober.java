package dev.saleday.simulations.probe;

import dev.saleday.records.JsonLinesWriter;
import dev.saleday.records.ProbeFile;
import dev.saleday.records.ProbeRecord;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Probes the target at a fixed rate, independent of the load and of the answers: tick {@code i} is due at
 * {@code start + i / rate}, and a dedicated thread fires it then whatever earlier probes are doing (the client is
 * asynchronous; the thread never waits on an answer). Every probe ends within its timeout (a watchdog cancels it)
 * and is written to {@code probe.jsonl} as it ends; the file is flushed every second. Start it before the load and
 * close it after.
 */
public final class Prober implements AutoCloseable {

    /** A probe is cancelled this long after its timeout if the client has not ended it by then. */
    private static final long WATCHDOG_SLACK_MILLIS = 100;

    private final ProberSettings settings;
    private final CloseableHttpAsyncClient client;
    private final JsonLinesWriter out;
    private final ProbeStats stats = new ProbeStats(System::currentTimeMillis);
    private final ScheduledExecutorService housekeeping;
    private final Thread ticker;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private final long startEpochMs;
    private final long startNanos;
    private final double periodNanos;
    private volatile boolean running = true;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Prober(ProberSettings settings) {
        this.settings = settings;
        Timeout timeout = Timeout.ofMilliseconds(settings.timeout().toMillis());
        // Enough connections that a stalled target never makes a probe wait for one: rate x timeout, plus headroom.
        int connections = (int) Math.ceil(settings.rateRps() * settings.timeout().toMillis() / 1000.0) + 10;
        PoolingAsyncClientConnectionManager connectionManager = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                .build();
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(connectionManager)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setSoTimeout(timeout).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        this.client.start();
        this.out = ProbeFile.create(settings.runDir(),
                new ProbeFile.Header(settings.predictUrl().toString(), settings.rateRps(), settings.timeout().toMillis()));
        this.housekeeping = Executors.newScheduledThreadPool(1, r -> daemon(r, "saleday-prober-watchdog"));
        this.housekeeping.scheduleAtFixedRate(this::flushQuietly, 1000, 1000, TimeUnit.MILLISECONDS);
        this.periodNanos = 1e9 / settings.rateRps();
        this.startEpochMs = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.ticker = daemon(this::tickLoop, "saleday-prober");
        this.ticker.setPriority(Thread.MAX_PRIORITY);
        this.ticker.start();
    }

    /** Starts probing now; the first probe is due at once. */
    public static Prober start(ProberSettings settings) {
        return new Prober(settings);
    }

    public ProberSettings settings() {
        return settings;
    }

    /** @return the live window over the probes' recent results */
    public ProbeWindow window() {
        return stats;
    }

    /** @return probes fired so far */
    public long fired() {
        return fired.get();
    }

    /** @return probes ended and written so far */
    public long recorded() {
        return recorded.get();
    }

    private void tickLoop() {
        for (long tick = 0; running; tick++) {
            long dueNanos = startNanos + Math.round(tick * periodNanos);
            long waitNanos;
            while (running && (waitNanos = dueNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(waitNanos);
            }
            if (!running) {
                return;
            }
            fire(tick, dueNanos);
        }
    }

    private void fire(long tick, long dueNanos) {
        long intendedMs = startEpochMs + Math.round(tick * periodNanos / 1e6);
        SimpleHttpRequest request = SimpleRequestBuilder.post(settings.predictUrl())
                .setBody(settings.body(), ContentType.APPLICATION_JSON)
                .build();
        Probe probe = new Probe(intendedMs, dueNanos);
        inFlight.incrementAndGet();
        fired.incrementAndGet();
        long sentNanos = System.nanoTime();
        probe.sentAtMs = startEpochMs + (sentNanos - startNanos) / 1_000_000;
        try {
            Future<SimpleHttpResponse> future = client.execute(request, probe);
            long deadlineNanos = dueNanos + settings.timeout().toNanos() + WATCHDOG_SLACK_MILLIS * 1_000_000;
            housekeeping.schedule(() -> {
                if (!future.isDone()) {
                    probe.end(0, ProbeOutcome.TIMEOUT, null, null);
                    future.cancel(true);
                }
            }, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            probe.end(0, ProbeOutcome.ofFailure(e), null, null);
        }
    }

    /** One probe: ends exactly once, whichever of the client or the watchdog ends it first. */
    private final class Probe implements FutureCallback<SimpleHttpResponse> {
        private final long intendedMs;
        private final long dueNanos;
        private final AtomicBoolean ended = new AtomicBoolean();
        volatile long sentAtMs;

        Probe(long intendedMs, long dueNanos) {
            this.intendedMs = intendedMs;
            this.dueNanos = dueNanos;
        }

        @Override
        public void completed(SimpleHttpResponse response) {
            end(response.getCode(), ProbeOutcome.ofStatus(response.getCode()), header(response, "X-Model-Version"),
                    header(response, "X-Pod-Name"));
        }

        @Override
        public void failed(Exception failure) {
            end(0, ProbeOutcome.ofFailure(failure), null, null);
        }

        @Override
        public void cancelled() {
            end(0, ProbeOutcome.TIMEOUT, null, null);
        }

        void end(int status, ProbeOutcome outcome, String version, String pod) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            double latencyMs = Math.round((System.nanoTime() - dueNanos) / 1e4) / 100.0;
            out.write(new ProbeRecord(intendedMs, sentAtMs, latencyMs, status, outcome.key(), version, pod));
            stats.record(outcome.failed(), latencyMs);
            recorded.incrementAndGet();
            inFlight.decrementAndGet();
        }
    }

    private static String header(SimpleHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private void flushQuietly() {
        try {
            out.flush();
        } catch (RuntimeException e) {
            System.err.println("saleday: prober: " + e.getMessage());
        }
    }

    /** Stops firing, waits (at most the timeout) for the probes in flight to end, and closes probe.jsonl. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        LockSupport.unpark(ticker);
        try {
            ticker.join(1000);
            long deadline = System.nanoTime() + settings.timeout().toNanos() + 2 * WATCHDOG_SLACK_MILLIS * 1_000_000;
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // bounded: the watchdog ends every probe by its deadline
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        housekeeping.shutdownNow();
        client.close(CloseMode.GRACEFUL);
        out.close();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
