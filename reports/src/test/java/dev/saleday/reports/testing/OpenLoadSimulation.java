package dev.saleday.reports.testing;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-model load for tests: one GET per arrival at a constant rate; parameters from system properties. With
 * {@code saleday.test.tagRequests=true} each request gets an id (from 0, in arrival order), sent as
 * {@code X-Request-Id} and named {@code predict <id>} in simulation.log, and the load's own clock is read around it
 * ({@link ClientClock}).
 */
public class OpenLoadSimulation extends Simulation {

    private static final AtomicLong NEXT_ID = new AtomicLong();

    public OpenLoadSimulation() {
        String url = System.getProperty("saleday.test.url");
        double rateRps = Double.parseDouble(System.getProperty("saleday.test.rateRps"));
        long durationMillis = Long.parseLong(System.getProperty("saleday.test.durationMillis"));
        int timeoutMillis = Integer.parseInt(System.getProperty("saleday.test.timeoutMillis"));
        boolean tagged = Boolean.getBoolean("saleday.test.tagRequests");
        ChainBuilder request;
        if (tagged) {
            NEXT_ID.set(0);
            ClientClock.clear();
            request = exec(session -> {
                long id = NEXT_ID.getAndIncrement();
                ClientClock.before(id);
                return session.set("id", id);
            }).exec(http("predict #{id}").get("/predict").header("X-Request-Id", "#{id}")
                    .requestTimeout(Duration.ofMillis(timeoutMillis)).check(status().is(200)))
                    .exec(session -> {
                        ClientClock.after(session.getLong("id"));
                        return session;
                    });
        } else {
            request = exec(http("predict").get("/predict").requestTimeout(Duration.ofMillis(timeoutMillis))
                    .check(status().is(200)));
        }
        setUp(scenario("open").exec(request)
                .injectOpen(constantUsersPerSec(rateRps).during(Duration.ofMillis(durationMillis))))
                .protocols(http.baseUrl(url).shareConnections().disableWarmUp());
    }
}
