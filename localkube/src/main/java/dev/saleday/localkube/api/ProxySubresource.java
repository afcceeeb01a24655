package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code proxy} subresource of pods and Services, as the API server serves it:
 * {@code /api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH} goes to the pod's IP on PORT (a number or a named
 * container port; the first container port when absent), {@code /api/v1/namespaces/NS/services/NAME[:PORT]/proxy/PATH}
 * to one ready endpoint of the Service's port (by name or number; the first port when absent). A {@code http:}
 * prefix on the name is accepted; {@code https:} is refused (pods here serve plain HTTP). The query string and body go
 * along; the answer comes back with its status, headers and body. A target that does not answer is a 503 Status, as
 * the API server's "error trying to reach service".
 */
final class ProxySubresource {

    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/(pods|services)/([^/]+)/proxy(/.*)?$");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "authorization",
            "content-length");

    private final Store store;
    private final HttpClient client;

    ProxySubresource(Vertx vertx, Store store) {
        this.store = store;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000)
                .setIdleTimeout(30).setKeepAlive(false));
    }

    static boolean matches(String path) {
        return PATH.matcher(path).matches();
    }

    /** The target of a proxy path: host, port and the path to ask for there. */
    record Target(String host, int port, String path) {
    }

    void serve(HttpServerRequest request) {
        Target target;
        try {
            target = resolve(request.path());
        } catch (ApiException e) {
            fail(request, e);
            return;
        }
        String uri = target.path() + (request.query() == null ? "" : "?" + request.query());
        request.body().onSuccess(body -> {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(request.method().name()))
                    .setHost(target.host()).setPort(target.port()).setURI(uri).setTimeout(30_000);
            request.headers().forEach(h -> {
                if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    options.addHeader(h.getKey(), h.getValue());
                }
            });
            client.request(options)
                    .compose(outgoing -> outgoing.send(body))
                    .compose(answer -> answer.body().map(answerBody -> {
                        var response = request.response().setStatusCode(answer.statusCode());
                        answer.headers().forEach(h -> {
                            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                                response.putHeader(h.getKey(), h.getValue());
                            }
                        });
                        response.end(answerBody);
                        return answerBody;
                    }))
                    .onFailure(e -> fail(request, new ApiException(503, "ServiceUnavailable",
                            "error trying to reach service: " + e.getMessage())));
        });
    }

    Target resolve(String rawPath) {
        Matcher m = PATH.matcher(rawPath);
        if (!m.matches()) {
            throw ApiException.notFound(rawPath);
        }
        String namespace = m.group(1);
        String[] parts = m.group(3).split(":");
        List<String> nameAndPort = new ArrayList<>(List.of(parts));
        if (nameAndPort.size() == 3 || (nameAndPort.size() == 2 && (parts[0].equals("http") || parts[0].equals("https")))) {
            String scheme = nameAndPort.remove(0);
            if (scheme.equals("https")) {
                throw ApiException.badRequest("localkube proxies plain HTTP only, not https");
            }
        }
        String name = nameAndPort.get(0);
        String port = nameAndPort.size() > 1 ? nameAndPort.get(1) : "";
        String path = m.group(4) == null ? "/" : m.group(4);
        return m.group(2).equals("pods") ? pod(namespace, name, port, path) : service(namespace, name, port, path);
    }

    private Target pod(String namespace, String name, String port, String path) {
        ObjectNode pod = store.require(ResourceTypes.require("", "pods"), namespace, name);
        String ip = pod.path("status").path("podIP").asText("");
        if (ip.isEmpty()) {
            throw new ApiException(503, "ServiceUnavailable", "pod " + name + " has no IP yet (phase "
                    + pod.path("status").path("phase").asText("Pending") + ")");
        }
        int number = -1;
        for (JsonNode container : pod.path("spec").path("containers")) {
            for (JsonNode containerPort : container.path("ports")) {
                boolean named = containerPort.path("name").asText("").equals(port);
                if (number < 0 && (port.isEmpty() || named)) {
                    number = containerPort.path("containerPort").asInt();
                }
            }
        }
        if (!port.isEmpty() && port.chars().allMatch(Character::isDigit)) {
            number = Integer.parseInt(port);
        }
        if (number < 0) {
            if (!port.isEmpty()) {
                throw ApiException.badRequest("pod " + name + " has no port named " + port);
            }
            number = 80;
        }
        return new Target(ip, number, path);
    }

    private Target service(String namespace, String name, String port, String path) {
        ObjectNode service = store.require(ResourceTypes.require("", "services"), namespace, name);
        JsonNode chosen = null;
        for (JsonNode servicePort : service.path("spec").path("ports")) {
            if (port.isEmpty() || port.equals(servicePort.path("name").asText(""))
                    || port.equals(servicePort.path("port").asText())) {
                chosen = servicePort;
                break;
            }
        }
        if (chosen == null) {
            throw new ApiException(503, "ServiceUnavailable", "no service port " + (port.isEmpty() ? "" : port + " ")
                    + "on service " + name);
        }
        String portName = chosen.path("name").asText("");
        Optional<ObjectNode> endpoints = store.get(ResourceTypes.require("", "endpoints"), namespace, name);
        List<Target> ready = new ArrayList<>();
        for (JsonNode subset : endpoints.map(e -> e.path("subsets")).orElse(Json.object().path("none"))) {
            int targetPort = -1;
            for (JsonNode endpointPort : subset.path("ports")) {
                if (portName.equals(endpointPort.path("name").asText("")) || subset.path("ports").size() == 1) {
                    targetPort = endpointPort.path("port").asInt();
                }
            }
            if (targetPort < 0) {
                continue;
            }
            for (JsonNode address : subset.path("addresses")) {
                ready.add(new Target(address.path("ip").asText(), targetPort, path));
            }
        }
        if (ready.isEmpty()) {
            throw new ApiException(503, "ServiceUnavailable", "no endpoints available for service \"" + name + "\"");
        }
        return ready.get(ThreadLocalRandom.current().nextInt(ready.size()));
    }

    private static void fail(HttpServerRequest request, ApiException e) {
        if (!request.response().ended()) {
            request.response().setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                    .end(Json.write(Status.failure(e.code(), e.reason(), e.getMessage())));
        }
    }

    void close() {
        client.close();
    }
}
