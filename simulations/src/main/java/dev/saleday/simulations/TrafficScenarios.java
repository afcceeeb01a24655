package dev.saleday.simulations;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Traffic;
import dev.saleday.simulations.traffic.ArrivalSchedule;
import dev.saleday.simulations.traffic.RequestSequence;
import dev.saleday.simulations.traffic.TrafficModel;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.gatling.javaapi.core.CoreDsl.InputStreamBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The plan's traffic as Gatling populations: one scenario per phase, named after it (so are its requests: the
 * analysis tells phases apart by request name), open injection, one virtual user = one request. A constant phase is
 * one {@code rampUsers(n).during(phase)} step with the shard's exact count; a ramp is cut into one-second slices
 * injected as {@code rampUsers(n).during(1s)} with n from the {@link ArrivalSchedule}, so every second of a ramp gets
 * exactly the shard's planned arrivals.
 *
 * <p>Connections follow {@link Traffic.Connections}: one shared keep-alive pool, or Gatling's default of a connection
 * per virtual user (here: per request). Either way a request is sent once. Gatling's HTTP client re-sends a request
 * whose pooled connection closes before the answer, unless its body is a stream already consumed; the body is sent
 * as a stream (with its Content-Length) so that a request a dying pod cut counts as failed, as the pod failed it.
 */
final class TrafficScenarios {

    static final long SLICE_MILLIS = 1000;
    static final String BODY = "body";
    static final String LOAD_START_SCENARIO = "saleday-load-start";
    private static final String VERSION = "modelVersion";
    private static final String POD = "podName";
    private static final String RESPONSE_TIME = "responseTimeMillis";

    private TrafficScenarios() {
    }

    static HttpProtocolBuilder protocol(URI targetUrl, Traffic.Connections connections) {
        HttpProtocolBuilder protocol = http.baseUrl(stripSlash(targetUrl.toString()))
                // Warm the HTTP stack against the target itself: nothing leaves the machine.
                .warmUp(stripSlash(targetUrl.toString()) + "/healthz")
                .acceptHeader("application/json")
                .contentTypeHeader("application/json");
        return switch (connections) {
            case SHARED -> protocol.shareConnections();
            case PER_USER -> protocol;
        };
    }

    /**
     * @param stop when it turns true, the load generator stops (capacity knee); null = never
     */
    static List<PopulationBuilder> populations(LoadRecorder recorder, Duration requestTimeout, BooleanSupplier stop) {
        TrafficModel model = recorder.model();
        ArrivalSchedule schedule = model.schedule();
        List<PopulationBuilder> populations = new ArrayList<>();
        // One user at the injector's time zero, sending nothing: the load's start as Gatling's injector counts it
        // (Gatling may spend seconds between before() and the first injection: stats writers, warm-up).
        populations.add(scenario(LOAD_START_SCENARIO).exec(session -> {
            recorder.start(System.currentTimeMillis());
            return session;
        }).injectOpen(atOnceUsers(1)));
        for (int i = 0; i < schedule.phases().size(); i++) {
            if (schedule.shardCountInPhase(recorder.shard(), i) == 0) {
                continue; // a phase with no arrivals for this shard has nothing to inject
            }
            Phase phase = schedule.phases().get(i);
            ScenarioBuilder scenario = scenario(phase.name())
                    .feed(feeder(model.phaseRequests(recorder.shard(), i)))
                    .exec(request(phase.name(), i, recorder, requestTimeout, stop));
            populations.add(scenario.injectOpen(injection(schedule, recorder, i)));
        }
        return populations;
    }

    private static ChainBuilder request(String name, int phaseIndex, LoadRecorder recorder, Duration requestTimeout,
                                        BooleanSupplier stop) {
        HttpRequestActionBuilder predict = http(name).post("/predict")
                .body(InputStreamBody(session -> new ByteArrayInputStream(body(session))))
                .header("Content-Length", session -> String.valueOf(body(session).length))
                // The saving checks come first: they never fail, so they run even when status or body fail.
                .check(header("X-Model-Version").optional().saveAs(VERSION),
                        header("X-Pod-Name").optional().saveAs(POD),
                        responseTimeInMillis().saveAs(RESPONSE_TIME),
                        status().is(200),
                        jsonPath("$.items").exists());
        if (requestTimeout != null) {
            predict = predict.requestTimeout(requestTimeout);
        }
        ChainBuilder chain = exec(session -> {
            recorder.requestSent(phaseIndex);
            return session;
        }).exec(predict).exec(session -> {
            recorder.answered(phaseIndex, !session.isFailed(), session.getString(VERSION), session.getString(POD),
                    responseTimeMillis(session));
            return session;
        });
        if (stop != null) {
            chain = stopLoadGeneratorIf("capacity knee reached", session -> stop.getAsBoolean()).exec(chain);
        }
        return chain;
    }

    private static byte[] body(Session session) {
        return session.get(BODY);
    }

    private static long responseTimeMillis(Session session) {
        return session.contains(RESPONSE_TIME) ? session.getInt(RESPONSE_TIME) : -1;
    }

    private static List<OpenInjectionStep> injection(ArrivalSchedule schedule, LoadRecorder recorder, int phaseIndex) {
        List<OpenInjectionStep> steps = new ArrayList<>();
        long idleMillis = schedule.clock().phaseStartMillis(phaseIndex);
        if (!schedule.phases().get(phaseIndex).isRamp()) {
            // A constant phase is one even step: its exact count, every second within one arrival of the schedule.
            long phaseMillis = schedule.clock().phaseEndMillis(phaseIndex) - schedule.clock().phaseStartMillis(phaseIndex);
            if (idleMillis > 0) {
                steps.add(nothingFor(Duration.ofMillis(idleMillis)));
            }
            steps.add(rampUsers(Math.toIntExact(schedule.shardCountInPhase(recorder.shard(), phaseIndex)))
                    .during(Duration.ofMillis(phaseMillis)));
            return steps;
        }
        for (ArrivalSchedule.Slice slice : schedule.slices(recorder.shard(), phaseIndex, SLICE_MILLIS)) {
            if (slice.requests() == 0) {
                idleMillis += slice.durationMillis();
                continue;
            }
            if (idleMillis > 0) {
                steps.add(nothingFor(Duration.ofMillis(idleMillis)));
                idleMillis = 0;
            }
            steps.add(rampUsers(Math.toIntExact(slice.requests())).during(Duration.ofMillis(slice.durationMillis())));
        }
        return steps;
    }

    /** Gatling's feeders are called concurrently; the sequence is consumed in order under a lock. */
    private static Iterator<Map<String, Object>> feeder(Iterator<RequestSequence.Request> requests) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                RequestSequence.Request request;
                synchronized (this) {
                    request = requests.next();
                }
                return Map.of(BODY, request.body().getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
