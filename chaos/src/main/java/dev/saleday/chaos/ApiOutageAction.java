package dev.saleday.chaos;

import dev.saleday.plan.Action;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code api-outage}: the embedded cluster's API server stops serving for the fault's duration (localkube's
 * {@code ApiOutage}, switched through {@value #PATH} on the API server's own port, which stays reachable). The pods,
 * their probes and the Service proxy go on, as on a cluster whose control plane is down; the harness's watches drop
 * and resume afterwards. Refused on any other cluster: a real API server cannot be taken down by the harness. Undo:
 * the outage ends ({@link Undo.EndApiOutage}); it also ends by itself after its duration.
 */
final class ApiOutageAction implements FaultAction {

    static final String PATH = "/localkube/v1/outage";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Action.ApiOutage action;

    ApiOutageAction(Action.ApiOutage action) {
        this.action = action;
    }

    @Override
    public Step prepare(ActionContext context) {
        String server = context.client().getConfiguration().getMasterUrl();
        if (!isLocalKube(server)) {
            throw new ChaosActionException("api-outage refused: " + server + " is not the embedded cluster (localkube)"
                    + "; saleday cannot take a real API server down");
        }
        String description = "API server answers " + action.mode().httpStatus + " (" + action.mode().yamlName
                + ") for " + action.duration().toMillis() + " ms";
        return new Step(List.of("APIServer/" + server), description, new Undo.EndApiOutage(server), 0, client -> {
            call(server, "POST", "?durationMillis=" + action.duration().toMillis() + "&mode="
                    + action.mode().yamlName);
            return description;
        }, null);
    }

    /** Whether the server answers the outage switch (only localkube has one). */
    static boolean isLocalKube(String server) {
        try {
            return send(server, "GET", "").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    static void call(String server, String method, String query) {
        try {
            HttpResponse<String> response = send(server, method, query);
            if (response.statusCode() != 200) {
                throw new ChaosActionException(method + " " + PATH + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new ChaosActionException(method + " " + server + PATH + " failed: " + e.getMessage());
        }
    }

    private static HttpResponse<String> send(String server, String method, String query) throws IOException {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + PATH + query)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
