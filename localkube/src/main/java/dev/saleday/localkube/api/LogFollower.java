package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.logs.ContainerLogReader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl logs -f}: {@code GET .../pods/NAME/log?follow=true} streams the container's log as it grows
 * (chunked), starting at the last {@code tailLines} entries when asked, with the {@code sinceSeconds},
 * {@code sinceTime}, {@code timestamps} and {@code limitBytes} of a plain read ({@link ContainerLogReader}), and ends
 * when the container stops running (terminated, restarting, or the pod gone), as the kubelet's follow does, when
 * {@code limitBytes} have been sent, or when the client goes away. The file is polled every {@value #POLL_MILLIS}
 * ms; a file that shrank (rotated) is read again from its start.
 */
final class LogFollower {

    static final long POLL_MILLIS = 200;
    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log/?$");

    private final Vertx vertx;
    private final Store store;
    private final PodLogs podLogs;

    private final Clock clock;

    LogFollower(Vertx vertx, Store store, PodLogs podLogs, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.podLogs = podLogs;
        this.clock = clock;
    }

    static boolean matches(HttpServerRequest request) {
        String follow = request.getParam("follow");
        return request.method().name().equals("GET") && ("true".equals(follow) || "1".equals(follow))
                && !"true".equals(request.getParam("previous")) && PATH.matcher(request.path()).matches();
    }

    void serve(HttpServerRequest request) {
        Matcher m = PATH.matcher(request.path());
        if (!m.matches()) {
            throw new IllegalStateException("not a log path: " + request.path());
        }
        String namespace = m.group(1);
        String pod = m.group(2);
        HttpServerResponse response = request.response();
        Path file;
        String container;
        ContainerLogReader reader;
        try {
            reader = new ContainerLogReader(PodLogOptions.parse(request::getParam, pod, clock.instant()));
            ObjectNode object = store.require(ResourceTypes.require("", "pods"), namespace, pod);
            container = containerName(object, request.getParam("container"));
            file = podLogs.logFile(namespace, pod, container).filter(Files::isRegularFile)
                    .orElseThrow(() -> ApiException.badRequest("container \"" + container + "\" in pod \"" + pod
                            + "\" is waiting to start: no log yet"));
        } catch (ApiException e) {
            response.setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                    .end(Json.write(Status.failure(e.code(), e.reason(), e.getMessage())));
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8").setStatusCode(200);
        response.writeHead();
        long timer = vertx.setPeriodic(POLL_MILLIS, id -> {
            boolean running = running(namespace, pod, container);
            copyNew(file, reader, response);
            if ((!running || reader.exhausted()) && !response.ended()) {
                vertx.cancelTimer(id);
                response.end();
            }
        });
        response.closeHandler(v -> vertx.cancelTimer(timer));
        copyNew(file, reader, response);
    }

    private boolean running(String namespace, String pod, String container) {
        Optional<ObjectNode> object = store.get(ResourceTypes.require("", "pods"), namespace, pod);
        if (object.isEmpty()) {
            return false;
        }
        for (JsonNode status : object.get().path("status").path("containerStatuses")) {
            if (status.path("name").asText().equals(container)) {
                return status.path("state").has("running");
            }
        }
        return true; // not reported yet: the kubelet has just started it
    }

    private static void copyNew(Path file, ContainerLogReader reader, HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        try {
            byte[] bytes = reader.next(file);
            if (bytes.length > 0) {
                response.write(Buffer.buffer(bytes));
            }
        } catch (IOException e) {
            // gone with its pod: the next poll ends the stream
        }
    }

    static String containerName(JsonNode pod, String requested) {
        if (requested != null && !requested.isEmpty()) {
            return requested;
        }
        return pod.path("spec").path("containers").path(0).path("name").asText("");
    }
}
