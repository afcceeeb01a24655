package dev.saleday.simulations.bench;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The benchmark's reference: what plain Gatling does with the same request, checks and connection sharing, and
 * nothing of saleday's (no plan, no feeder, no records). Reads {@code bench.url}, {@code bench.rateRps},
 * {@code bench.seconds}; counts good answers for the benchmark with one adder.
 */
public class PlainGatlingSimulation extends Simulation {

    static final LongAdder OK = new LongAdder();
    static final LongAdder ANSWERED = new LongAdder();

    public PlainGatlingSimulation() {
        String url = System.getProperty("bench.url");
        double rateRps = Double.parseDouble(System.getProperty("bench.rateRps"));
        long seconds = Long.parseLong(System.getProperty("bench.seconds"));
        ScenarioBuilder scenario = scenario("plain")
                .exec(http("plain").post("/predict").body(StringBody("{\"userId\":17,\"k\":10}"))
                        .check(status().is(200), jsonPath("$.items").exists()))
                .exec(session -> {
                    ANSWERED.increment();
                    if (!session.isFailed()) {
                        OK.increment();
                    }
                    return session;
                });
        setUp(scenario.injectOpen(constantUsersPerSec(rateRps).during(Duration.ofSeconds(seconds))))
                .protocols(http.baseUrl(url).warmUp(url + "/predict").shareConnections()
                        .contentTypeHeader("application/json").acceptHeader("application/json"));
    }
}
