package dev.saleday.recorder.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.plan.Observe;
import dev.saleday.records.JsonLinesWriter;
import dev.saleday.records.PodMetricsFile;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Scrapes every pod of the target Deployment through the API server's pod proxy
 * ({@code GET /api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH}, the right {@code get pods/proxy}) on the run's clock:
 * round 0 when started (just before the load: every pod's baseline), then one round each interval, and a last round when closed (after the load), so that
 * the pods' counters cover the whole load. Every pod with an IP is asked, terminating ones included (a draining pod
 * still answers); a pod gone between two rounds simply has no later line. Each answer is one
 * {@link PodMetricsFile.Scrape} line; each scrape or query that did not work is one {@link PodMetricsFile.Failure}
 * line with the reason. Nothing here throws into the run: the worst case is a file of failures.
 */
public final class PodMetricsScraper implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;
    private final Observe observe;
    private final JsonLinesWriter out;
    private final PrometheusQueries prometheus;
    private final LongSupplier clockMs;
    private final Duration timeout;
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> schedule;
    private int nextRound;
    private boolean closed;

    private PodMetricsScraper(KubernetesClient client, String namespace, String deployment, Observe observe,
                              JsonLinesWriter out) {
        this.client = client;
        this.namespace = namespace;
        this.deployment = deployment;
        this.observe = observe;
        this.out = out;
        this.clockMs = System::currentTimeMillis;
        this.timeout = observe.interval().compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5)
                : observe.interval();
        this.prometheus = observe.prometheusUrl() == null ? null
                : new PrometheusQueries(observe.prometheusUrl(), timeout);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "saleday-pod-metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens {@code runDir/pod-metrics.jsonl} and starts the rounds: the first one now.
     *
     * @param startedAtMs epoch ms written in the header: now, just before the load starts
     */
    public static PodMetricsScraper start(KubernetesClient client, String namespace, String deployment,
                                          Observe observe, Path runDir, long startedAtMs) {
        JsonLinesWriter out = PodMetricsFile.create(runDir, new PodMetricsFile.Header(startedAtMs, namespace,
                deployment, observe.port(), observe.path(), observe.interval().toMillis(),
                observe.prometheusUrl() == null ? null : observe.prometheusUrl().toString()));
        PodMetricsScraper scraper = new PodMetricsScraper(client, namespace, deployment, observe, out);
        scraper.schedule = scraper.executor.scheduleAtFixedRate(scraper::roundSafely, 0,
                observe.interval().toMillis(), TimeUnit.MILLISECONDS);
        return scraper;
    }

    /** Stops the rounds, scrapes once more (the load has ended: the pods' final counters) and closes the file. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        schedule.cancel(false);
        try {
            executor.submit(this::roundSafely).get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            out.write(new PodMetricsFile.Failure(clockMs.getAsLong(), "pod", null, nextRound,
                    "the last round did not finish: " + PrometheusQueries.describe(e)));
        } finally {
            executor.shutdownNow();
            out.close();
        }
    }

    private void roundSafely() {
        int round = nextRound++;
        try {
            round(round);
        } catch (RuntimeException e) {
            out.write(new PodMetricsFile.Failure(clockMs.getAsLong(), "pod", null, round,
                    "listing the pods of Deployment " + deployment + " failed: " + PrometheusQueries.describe(e)));
        }
        out.flush();
    }

    private void round(int round) {
        List<Pod> pods = pods();
        Map<String, CompletableFuture<Line>> asked = new LinkedHashMap<>();
        for (Pod pod : pods) {
            asked.put(pod.getMetadata().getName(), ask(pod.getMetadata().getName(), round));
        }
        if (prometheus != null) {
            observe.prometheusQueries().forEach((name, promql) -> out.write(query(name, promql, round)));
        }
        for (Map.Entry<String, CompletableFuture<Line>> entry : asked.entrySet()) {
            Object line;
            try {
                line = entry.getValue().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS).record();
            } catch (Exception e) {
                line = new PodMetricsFile.Failure(clockMs.getAsLong(), "pod", entry.getKey(), round,
                        "the pod proxy did not answer within " + timeout.toSeconds() + " s");
            }
            out.write(line);
        }
    }

    private List<Pod> pods() {
        Deployment target = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        if (target == null) {
            throw new IllegalStateException("Deployment " + namespace + "/" + deployment + " not found");
        }
        LabelSelector selector = target.getSpec().getSelector();
        List<Pod> withIp = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems()) {
            if (pod.getStatus() != null && pod.getStatus().getPodIP() != null
                    && !pod.getStatus().getPodIP().isEmpty()) {
                withIp.add(pod);
            }
        }
        return withIp;
    }

    /** One scrape's line, either kind. */
    private record Line(Object record) {
    }

    /** A pod's answer through the proxy: its parsed series, or why there are none. */
    private record Answer(Map<String, Double> series, String failure) {
    }

    /**
     * One pod's metrics now, through the pod proxy (what one round asks each pod).
     *
     * @return the pod's series
     * @throws IllegalStateException saying why they could not be read (the reason a failure line would give)
     */
    public static Map<String, Double> scrapeOnce(KubernetesClient client, String namespace, String pod,
                                                 Observe observe, Duration timeout) {
        Answer answer;
        try {
            answer = ask(client, namespace, pod, observe, timeout).get(timeout.toMillis() + 1_000,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the pod proxy", e);
        } catch (Exception e) {
            throw new IllegalStateException("the pod proxy did not answer within " + timeout.toSeconds() + " s", e);
        }
        if (answer.failure() != null) {
            throw new IllegalStateException(answer.failure());
        }
        return answer.series();
    }

    private CompletableFuture<Line> ask(String pod, int round) {
        long sentMs = clockMs.getAsLong();
        return ask(client, namespace, pod, observe, timeout).thenApply(answer -> {
            long now = clockMs.getAsLong();
            return new Line(answer.failure() != null
                    ? new PodMetricsFile.Failure(now, "pod", pod, round, answer.failure())
                    : new PodMetricsFile.Scrape(now, pod, round, now - sentMs, answer.series()));
        });
    }

    private static CompletableFuture<Answer> ask(KubernetesClient client, String namespace, String pod,
                                                 Observe observe, Duration timeout) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + observe.proxyPath(namespace, pod);
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
                .header("Accept", "text/plain;version=0.0.4")
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        try {
            return client.getHttpClient().sendAsync(request, String.class)
                    .handle((response, error) -> answer(observe, response, error));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Answer(null, "the pod proxy could not be asked: "
                    + PrometheusQueries.describe(e)));
        }
    }

    private static Answer answer(Observe observe, HttpResponse<String> response, Throwable error) {
        if (error != null) {
            return new Answer(null, "the API server did not answer the pod proxy: "
                    + PrometheusQueries.describe(error.getCause() != null ? error.getCause() : error));
        }
        String where = observe.port() + observe.path();
        if (response.code() == 403) {
            return new Answer(null, "the API server refused 'get pods/proxy'"
                    + " (RBAC): grant it to saleday's Role (k8s/rbac) to see the pods' metrics");
        }
        if (response.code() != 200) {
            return new Answer(null, "HTTP " + response.code() + " from the pod proxy for " + where + ": "
                    + statusMessage(response.body()));
        }
        try {
            return new Answer(PrometheusText.parse(response.body()), null);
        } catch (IllegalArgumentException e) {
            return new Answer(null, where + " is not Prometheus text: " + e.getMessage());
        }
    }

    private Object query(String name, String promql, int round) {
        long now = clockMs.getAsLong();
        try {
            return new PodMetricsFile.Query(now, name, prometheus.query(promql));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return new PodMetricsFile.Failure(now, "prometheus", name, round, e.getMessage());
        }
    }

    /** A Kubernetes Status's message, else the start of the body. */
    private static String statusMessage(String body) {
        if (body == null || body.isBlank()) {
            return "no body";
        }
        try {
            JsonNode status = JSON.readTree(body);
            if (status.hasNonNull("message")) {
                return status.path("message").asText();
            }
        } catch (java.io.IOException e) {
            // not JSON: the body itself says it
        }
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
