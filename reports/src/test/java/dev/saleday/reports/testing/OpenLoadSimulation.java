package dev.saleday.reports.testing;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/** An open-model load for tests: one GET per arrival at a constant rate; parameters from system properties. */
public class OpenLoadSimulation extends Simulation {

    public OpenLoadSimulation() {
        String url = System.getProperty("saleday.test.url");
        double rateRps = Double.parseDouble(System.getProperty("saleday.test.rateRps"));
        long durationMillis = Long.parseLong(System.getProperty("saleday.test.durationMillis"));
        int timeoutMillis = Integer.parseInt(System.getProperty("saleday.test.timeoutMillis"));
        setUp(scenario("open").exec(http("predict").get("/predict").requestTimeout(Duration.ofMillis(timeoutMillis))
                        .check(status().is(200)))
                .injectOpen(constantUsersPerSec(rateRps).during(Duration.ofMillis(durationMillis))))
                .protocols(http.baseUrl(url).shareConnections().disableWarmUp());
    }
}
