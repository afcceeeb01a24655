package dev.saleday.cli.run;

import dev.saleday.plan.Observe;
import dev.saleday.recorder.metrics.PodMetricsScraper;
import dev.saleday.records.JsonLinesWriter;
import dev.saleday.records.WarmUpFile;
import dev.saleday.reports.observed.WarmUpSettling;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A capacity search's warm-up that ends when the held pod's CPU a request has settled: the pod gets the load's own
 * requests at the first step's rate ({@link PacedWarmUp}) while its own counters (process CPU, answered predictions)
 * are read through the pod proxy every {@link #WINDOW}, each reading written to warm-up.jsonl; it ends at the first reading after which
 * {@link WarmUpSettling} says the cost has settled, or at its maximum. A pod whose metrics cannot be read gets the
 * whole maximum, as a fixed warm-up.
 */
final class SettledWarmUp {

    /** How often the pod's counters are read: at 14 req/s a window is 70 requests, a span the rule compares three. */
    static final Duration WINDOW = Duration.ofSeconds(5);
    static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(4);

    private SettledWarmUp() {
    }

    /**
     * @param pod    the held pod, whose metrics are read
     * @param max    the longest the warm-up takes
     * @param bodies the requests' bodies, in order: the load's own (its users and k mix)
     */
    static void run(KubernetesClient client, String namespace, String pod, Observe observe, URI url, double rps,
                       Duration max, Supplier<String> bodies, Path runDir, PrintWriter console) {
        console.printf(Locale.ROOT, "saleday capacity: warm-up: %s req/s until the pod's CPU a request settles, at"
                + " most %d s, so the steps measure a warm pod%n", CapacityRun.num(rps), max.toSeconds());
        console.flush();
        long startedMs = System.currentTimeMillis();
        List<WarmUpFile.Sample> samples = new ArrayList<>();
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "saleday-warm-up-reader");
            thread.setDaemon(true);
            return thread;
        });
        PacedWarmUp.Result warm;
        try (JsonLinesWriter out = WarmUpFile.create(runDir, new WarmUpFile.Header(startedMs, pod, rps,
                WINDOW.toMillis(), max.toMillis()))) {
            String[] lastFailure = {null};
            reader.scheduleAtFixedRate(() -> {
                WarmUpFile.Sample sample = read(client, namespace, pod, observe);
                out.write(sample);
                out.flush();
                synchronized (samples) {
                    samples.add(sample);
                    WarmUpSettling judged = WarmUpSettling.of(samples);
                    long elapsedS = (sample.atMs() - startedMs) / 1000;
                    if (sample.read()) {
                        double cost = judged.lastCpuMsPerRequest();
                        if (!Double.isNaN(cost)) {
                            console.printf(Locale.ROOT, "saleday capacity: warm-up %3d s: %.1f ms of CPU a request"
                                    + "%s%n", elapsedS, cost, judged.settled() ? "; settled (" + judged.reason() + ")"
                                    : "");
                            console.flush();
                        }
                    } else if (!sample.failure().equals(lastFailure[0])) {
                        lastFailure[0] = sample.failure();
                        console.printf(Locale.ROOT, "saleday capacity: warm-up %3d s: the pod's metrics could not be"
                                + " read (%s): it runs its whole %d s%n", elapsedS, sample.failure(), max.toSeconds());
                        console.flush();
                    }
                    settled.set(judged.settled());
                }
            }, 0, WINDOW.toMillis(), TimeUnit.MILLISECONDS);
            warm = PacedWarmUp.run(url, rps, max, PacedWarmUp.MAX_IN_FLIGHT, settled::get, bodies);
            reader.shutdown(); // the reading under way finishes: its line is before the end's
            awaitReader(reader);
            out.write(new WarmUpFile.End(System.currentTimeMillis(), warm.sent(), warm.ok(), warm.failed(),
                    settled.get()));
        } finally {
            reader.shutdownNow();
        }
        long tookS = Math.round((System.currentTimeMillis() - startedMs) / 1000.0);
        console.printf(Locale.ROOT, "saleday capacity: warm-up: %s after %d s; %d sent, %d answered OK, %d failed%s%n",
                settled.get() ? "settled" : "not settled (its maximum)", tookS, warm.sent(), warm.ok(),
                warm.failed(), warm.skipped() > 0 ? " (" + warm.skipped() + " skipped: " + PacedWarmUp.MAX_IN_FLIGHT
                        + " unanswered at their time)" : "");
        console.flush();
    }

    private static WarmUpFile.Sample read(KubernetesClient client, String namespace, String pod, Observe observe) {
        try {
            Map<String, Double> series = PodMetricsScraper.scrapeOnce(client, namespace, pod, observe,
                    SCRAPE_TIMEOUT);
            return WarmUpSettling.sample(System.currentTimeMillis(), series, observe.port() + observe.path());
        } catch (RuntimeException e) {
            return WarmUpFile.Sample.failed(System.currentTimeMillis(), e.getMessage());
        }
    }

    private static void awaitReader(ScheduledExecutorService reader) {
        try {
            reader.awaitTermination(SCRAPE_TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
