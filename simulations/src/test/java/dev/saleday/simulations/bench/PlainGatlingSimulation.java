package dev.saleday.simulations.bench;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The benchmark's reference: what plain Gatling does with the same request, checks and connection sharing, and
 * nothing of saleday's (no plan, no feeder, no records). Reads {@code bench.url}, {@code bench.rateRps},
 * {@code bench.seconds}; counts sends and good answers for the benchmark
 * with two adders. Same 2 s request timeout as the saleday run.
 */
public class PlainGatlingSimulation extends Simulation {

    static final LongAdder OK = new LongAdder();
    static final LongAdder ANSWERED = new LongAdder();
    static final java.util.concurrent.atomic.AtomicLong FIRST_SENT_MS = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    static final java.util.concurrent.atomic.AtomicLong LAST_SENT_MS = new java.util.concurrent.atomic.AtomicLong();

    /** Process CPU time used while the load ran (from the injector's start to after()), for the benchmark's cost per request. */
    static volatile long cpuNanosAtStart;
    static volatile long cpuNanosUsed;

    @Override
    public void after() {
        cpuNanosUsed = LoadBench.processCpuNanos() - cpuNanosAtStart;
    }

    public PlainGatlingSimulation() {
        String url = System.getProperty("bench.url");
        double rateRps = Double.parseDouble(System.getProperty("bench.rateRps"));
        long seconds = Long.parseLong(System.getProperty("bench.seconds"));
        ScenarioBuilder scenario = scenario("plain")
                .exec(session -> {
                    long now = System.currentTimeMillis();
                    FIRST_SENT_MS.accumulateAndGet(now, Math::min);
                    LAST_SENT_MS.accumulateAndGet(now, Math::max);
                    return session;
                })
                .exec(http("plain").post("/predict").body(StringBody("{\"userId\":17,\"k\":10}"))
                        .requestTimeout(Duration.ofSeconds(2))
                        .check(status().is(200), jsonPath("$.items").exists()))
                .exec(session -> {
                    ANSWERED.increment();
                    if (!session.isFailed()) {
                        OK.increment();
                    }
                    return session;
                });
        // Marks the injector's time zero, as saleday's load-start user does, so both count CPU from the same moment.
        ScenarioBuilder start = scenario("start").exec(session -> {
            cpuNanosAtStart = LoadBench.processCpuNanos();
            return session;
        });
        setUp(scenario.injectOpen(constantUsersPerSec(rateRps).during(Duration.ofSeconds(seconds))),
                start.injectOpen(atOnceUsers(1)))
                .protocols(http.baseUrl(url).warmUp(url + "/predict").shareConnections()
                        .contentTypeHeader("application/json").acceptHeader("application/json"));
    }
}
