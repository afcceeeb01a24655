package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl logs -f}: {@code GET .../pods/NAME/log?follow=true} streams the container's log as it grows
 * (chunked), starting at the last {@code tailLines} lines when asked, and ends when the container stops running
 * (terminated, restarting, or the pod gone), as the kubelet's follow does, or when the client goes away. The file is
 * polled every {@value #POLL_MILLIS} ms; a file truncated by log rotation is read again from its start.
 */
final class LogFollower {

    static final long POLL_MILLIS = 200;
    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log/?$");

    private final Vertx vertx;
    private final Store store;
    private final PodLogs podLogs;

    LogFollower(Vertx vertx, Store store, PodLogs podLogs) {
        this.vertx = vertx;
        this.store = store;
        this.podLogs = podLogs;
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
        try {
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
        long[] offset = {startOffset(file, request.getParam("tailLines"))};
        response.setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8").setStatusCode(200);
        response.writeHead();
        long timer = vertx.setPeriodic(POLL_MILLIS, id -> {
            boolean running = running(namespace, pod, container);
            offset[0] = copyNew(file, offset[0], response);
            if (!running && !response.ended()) {
                vertx.cancelTimer(id);
                response.end();
            }
        });
        response.closeHandler(v -> vertx.cancelTimer(timer));
        offset[0] = copyNew(file, offset[0], response);
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

    private static long copyNew(Path file, long offset, HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return offset;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            long from = size < offset ? 0 : offset;
            if (size == from) {
                return from;
            }
            byte[] bytes = new byte[(int) Math.min(size - from, 1 << 20)];
            in.seek(from);
            in.readFully(bytes);
            response.write(Buffer.buffer(bytes));
            return from + bytes.length;
        } catch (IOException e) {
            return offset; // gone with its pod: the next poll ends the stream
        }
    }

    /** Where the last {@code tailLines} lines start (0 for the whole file). */
    private static long startOffset(Path file, String tailLines) {
        if (tailLines == null) {
            return 0;
        }
        int wanted = Integer.parseInt(tailLines);
        try {
            byte[] all = Files.readAllBytes(file);
            if (wanted <= 0) {
                return all.length;
            }
            int end = all.length > 0 && all[all.length - 1] == '\n' ? all.length - 1 : all.length;
            int newlines = 0;
            for (int i = end - 1; i >= 0; i--) {
                if (all[i] == '\n' && ++newlines == wanted) {
                    return i + 1;
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static String containerName(JsonNode pod, String requested) {
        if (requested != null && !requested.isEmpty()) {
            return requested;
        }
        return pod.path("spec").path("containers").path(0).path("name").asText("");
    }
}
