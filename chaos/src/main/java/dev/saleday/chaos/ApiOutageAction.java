package dev.saleday.chaos;

import dev.saleday.plan.Action;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code api-outage}: the embedded cluster's API server stops serving for the fault's duration (localkube's
 * {@code ApiOutage}, switched through {@value #PATH} on the API server's own port, which stays reachable). The pods,
 * their probes and the Service proxy go on, as on a cluster whose control plane is down; the harness's watches drop
 * and resume afterwards. Refused on any other cluster: a real API server cannot be taken down by the harness. Undo:
 * the outage ends ({@link Undo.EndApiOutage}); it also ends by itself after its duration.
 */
final class ApiOutageAction implements FaultAction {

    static final String PATH = "/localkube/v1/outage";

    private final Action.ApiOutage action;

    ApiOutageAction(Action.ApiOutage action) {
        this.action = action;
    }

    @Override
    public Step prepare(ActionContext context) {
        String server = context.client().getConfiguration().getMasterUrl();
        if (!isLocalKube(context.client(), server)) {
            throw new ChaosActionException("api-outage refused: " + server + " is not the embedded cluster (localkube)"
                    + "; saleday cannot take a real API server down");
        }
        String description = "API server answers " + action.mode().httpStatus + " (" + action.mode().yamlName
                + ") for " + action.duration().toMillis() + " ms";
        return new Step(List.of("APIServer/" + server), description, new Undo.EndApiOutage(server), 0, client -> {
            call(client, server, "POST", "?durationMillis=" + action.duration().toMillis() + "&mode="
                    + action.mode().yamlName);
            return description;
        }, null);
    }

    /** Whether the server answers the outage switch (only localkube has one). */
    static boolean isLocalKube(KubernetesClient client, String server) {
        try {
            return send(client, server, "GET", "").code() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Calls the switch through the client's own HTTP stack, so that the kubeconfig's TLS settings (localkube's CA)
     * apply as to every other request.
     */
    static void call(KubernetesClient client, String server, String method, String query) {
        try {
            HttpResponse<String> response = send(client, server, method, query);
            if (response.code() != 200) {
                throw new ChaosActionException(method + " " + PATH + " answered " + response.code() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new ChaosActionException(method + " " + server + PATH + " failed: " + e.getMessage());
        }
    }

    private static HttpResponse<String> send(KubernetesClient client, String server, String method, String query)
            throws IOException {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        HttpClient http = client.getHttpClient();
        try {
            HttpRequest request = http.newHttpRequestBuilder().uri(base + PATH + query)
                    .method(method, "application/json", method.equals("GET") ? null : "").build();
            return http.sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IOException("no answer in 10 s", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
