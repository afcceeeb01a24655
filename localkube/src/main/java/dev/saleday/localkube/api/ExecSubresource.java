package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl exec}: {@code pods/NAME/exec?command=...&stdin=&stdout=&stderr=&tty=} upgraded to a WebSocket speaking
 * the channel protocol kubectl 1.32 asks for first ({@value #V5}, then {@value #V4}): every binary message starts
 * with its channel, 0 stdin, 1 stdout, 2 stderr, 3 the outcome as a {@code Status}, 4 terminal resizes; in v5 a
 * message {@code [255, channel]} closes that channel (stdin's end of file). The command runs as a process of this
 * machine with the environment the kubelet gave the container's process (its pod is a process here too), so
 * {@code kubectl exec POD -- printenv MODEL_VERSION} answers what the container sees. The outcome is what the API
 * server relays from the kubelet: {@code Success}, or {@code Failure} with reason {@code NonZeroExitCode} and the
 * exit code as the cause {@code ExitCode}, which kubectl exits with.
 *
 * <p>References: the protocol names and channels in kubernetes/kubernetes
 * {@code staging/src/k8s.io/apimachinery/pkg/util/remotecommand/constants.go} and
 * {@code staging/src/k8s.io/apiserver/pkg/util/wsstream/conn.go}; the close signal in KEP-3396 (WebSocket protocol
 * enhancements). A client that cannot upgrade to a WebSocket (SPDY only) is answered 400.
 */
final class ExecSubresource {

    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    /** The subprotocols the API server's WebSocket handshake offers, in its order of preference. */
    static final List<String> PROTOCOLS = List.of(V5, V4);

    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/exec/?$");
    private static final byte STDIN = 0;
    private static final byte STDOUT = 1;
    private static final byte STDERR = 2;
    private static final byte ERROR = 3;
    private static final byte CLOSE = (byte) 255;

    private final Store store;
    private final PodExec exec;

    ExecSubresource(Store store, PodExec exec) {
        this.store = store;
        this.exec = exec;
    }

    static boolean matches(HttpServerRequest request) {
        String method = request.method().name();
        return (method.equals("GET") || method.equals("POST")) && PATH.matcher(request.path()).matches();
    }

    void serve(HttpServerRequest request) {
        Matcher m = PATH.matcher(request.path());
        if (!m.matches()) {
            throw new IllegalStateException("not an exec path: " + request.path());
        }
        String namespace = m.group(1);
        String pod = m.group(2);
        List<String> command = request.params().getAll("command");
        Map<String, String> environment;
        try {
            ObjectNode object = store.require(ResourceTypes.require("", "pods"), namespace, pod);
            String container = LogFollower.containerName(object, request.getParam("container"));
            if (command.isEmpty()) {
                throw ApiException.badRequest("you must specify at least 1 command");
            }
            environment = exec.environment(namespace, pod, container).orElseThrow(() -> ApiException.badRequest(
                    "container " + container + " is not valid for pod " + pod + " or is not running"));
            if (!request.canUpgradeToWebSocket()) {
                throw ApiException.badRequest("exec needs a WebSocket upgrade (" + V5 + " or " + V4
                        + ", kubectl 1.30 or later)");
            }
        } catch (ApiException e) {
            request.response().setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                    .end(Json.write(Status.failure(e.code(), e.reason(), e.getMessage())));
            return;
        }
        boolean stdin = flag(request, "stdin");
        boolean tty = flag(request, "tty");
        request.toWebSocket().onSuccess(ws -> run(ws, command, environment, stdin, tty));
    }

    private static boolean flag(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        return "true".equals(value) || "1".equals(value);
    }

    private static void run(ServerWebSocket ws, List<String> command, Map<String, String> environment, boolean stdin,
                            boolean tty) {
        ProcessBuilder builder = new ProcessBuilder(tty ? withTerminal(command) : command).redirectErrorStream(tty);
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.putAll(environment);
        if (tty) {
            env.putIfAbsent("TERM", "xterm");
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // as the runtime words it when the executable is missing
            send(ws, ERROR, Json.write(failure("exec: \"" + command.get(0) + "\": executable file not found in $PATH",
                    null, -1)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ws.close();
            return;
        }
        OutputStream toProcess = process.getOutputStream();
        if (!stdin) {
            closeQuietly(toProcess);
        }
        ws.binaryMessageHandler(message -> {
            if (message.length() == 0) {
                return;
            }
            byte channel = message.getByte(0);
            try {
                if (channel == STDIN && stdin && message.length() > 1) {
                    toProcess.write(message.getBytes(1, message.length()));
                    toProcess.flush();
                } else if (channel == CLOSE && message.length() > 1 && message.getByte(1) == STDIN) {
                    toProcess.close();
                }
            } catch (IOException e) {
                // the command no longer reads its input
            }
        });
        ws.closeHandler(v -> {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        });
        CountDownLatch pumped = new CountDownLatch(tty ? 1 : 2);
        pump(process.getInputStream(), STDOUT, ws, pumped);
        if (!tty) {
            pump(process.getErrorStream(), STDERR, ws, pumped);
        }
        Thread waiter = new Thread(() -> {
            try {
                int exit = process.waitFor();
                pumped.await();
                ObjectNode status = exit == 0 ? success() : failure("command terminated with non-zero exit code: "
                        + "exit status " + exit, "NonZeroExitCode", exit);
                send(ws, ERROR, Json.write(status).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ws.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "localkube-exec-wait");
        waiter.setDaemon(true);
        waiter.start();
    }

    /**
     * The command on a pseudo-terminal of its own: util-linux's {@code script}, which allocates one and relays it
     * (Java has no pty of its own).
     */
    private static List<String> withTerminal(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append(line.isEmpty() ? "" : " ").append("'").append(word.replace("'", "'\\''")).append("'");
        }
        return List.of("script", "-qfec", line.toString(), "/dev/null");
    }

    private static void pump(InputStream from, byte channel, ServerWebSocket ws, CountDownLatch done) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    if (n > 0) {
                        send(ws, channel, java.util.Arrays.copyOf(buffer, n));
                    }
                }
            } catch (IOException e) {
                // the process went away
            } finally {
                done.countDown();
            }
        }, "localkube-exec-" + channel);
        thread.setDaemon(true);
        thread.start();
    }

    private static void send(ServerWebSocket ws, byte channel, byte[] bytes) {
        if (ws.isClosed()) {
            return;
        }
        Buffer message = Buffer.buffer(bytes.length + 1).appendByte(channel).appendBytes(bytes);
        ws.writeBinaryMessage(message);
    }

    private static ObjectNode success() {
        ObjectNode status = Json.object();
        status.putObject("metadata");
        status.put("status", "Success");
        return status;
    }

    private static ObjectNode failure(String message, String reason, int exitCode) {
        ObjectNode status = Json.object();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        if (reason != null) {
            status.put("reason", reason);
            status.putObject("details").putArray("causes").addObject().put("reason", "ExitCode")
                    .put("message", Integer.toString(exitCode));
        }
        return status;
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing to close
        }
    }
}
