package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.TCPSocketAction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs probe and hook actions against a pod as the kubelet does: HTTP GET on a fresh connection to the pod's address
 * (success is 200-399), TCP connect, or a command (success is exit code 0), each within a timeout. Commands run on
 * this machine with the container's environment: there is no container to exec into.
 */
final class Prober {

    /** @param action one of {@link HTTPGetAction}, {@link TCPSocketAction}, {@link ExecAction} */
    ProbeResult run(Object action, String podIp, Container container, Map<String, String> env, Duration timeout) {
        try {
            if (action instanceof HTTPGetAction http) {
                return httpGet(http, podIp, container, timeout);
            }
            if (action instanceof TCPSocketAction tcp) {
                return tcp(tcp, podIp, container, timeout);
            }
            if (action instanceof ExecAction exec) {
                return exec(exec, env, timeout);
            }
            return ProbeResult.failed("unsupported probe action " + action);
        } catch (IllegalArgumentException e) {
            return ProbeResult.failed(e.getMessage());
        }
    }

    private static ProbeResult httpGet(HTTPGetAction action, String podIp, Container container, Duration timeout) {
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        int port = port(action.getPort(), container);
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String url = "http://" + host + ":" + port + path;
        if ("HTTPS".equalsIgnoreCase(action.getScheme())) {
            return ProbeResult.failed("Get \"" + url + "\": HTTPS probes are not supported by localkube");
        }
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis(timeout));
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            StringBuilder request = new StringBuilder()
                    .append("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\n")
                    .append("User-Agent: kube-probe/1.32\r\n")
                    .append("Accept: */*\r\n")
                    .append("Connection: close\r\n");
            if (action.getHttpHeaders() != null) {
                for (HTTPHeader header : action.getHttpHeaders()) {
                    request.append(header.getName()).append(": ").append(header.getValue()).append("\r\n");
                }
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String statusLine = in.readLine();
            if (statusLine == null) {
                return ProbeResult.failed("Get \"" + url + "\": EOF");
            }
            String[] parts = statusLine.split(" ", 3);
            int status = parts.length >= 2 ? Integer.parseInt(parts[1].trim()) : -1;
            if (status >= 200 && status < 400) {
                return ProbeResult.ok();
            }
            return ProbeResult.failed("HTTP probe failed with statuscode: " + status);
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed("Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while "
                    + "awaiting headers)");
        } catch (IOException | NumberFormatException e) {
            return ProbeResult.failed("Get \"" + url + "\": " + e.getMessage());
        }
    }

    private static ProbeResult tcp(TCPSocketAction action, String podIp, Container container, Duration timeout) {
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        int port = port(action.getPort(), container);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis(timeout));
            return ProbeResult.ok();
        } catch (IOException e) {
            return ProbeResult.failed("dial tcp " + host + ":" + port + ": " + e.getMessage());
        }
    }

    private static ProbeResult exec(ExecAction action, Map<String, String> env, Duration timeout) {
        if (action.getCommand() == null || action.getCommand().isEmpty()) {
            return ProbeResult.failed("exec: no command");
        }
        Process process = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(action.getCommand())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return ProbeResult.failed("command timed out after " + timeout.toSeconds() + "s");
            }
            int code = process.exitValue();
            return code == 0 ? ProbeResult.ok() : ProbeResult.failed("command exited with code " + code);
        } catch (IOException e) {
            return ProbeResult.failed("exec: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** A number, or the name of one of the container's ports. */
    static int port(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("probe has no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name != null && name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            return Integer.parseInt(name);
        }
        if (container.getPorts() != null) {
            for (ContainerPort candidate : container.getPorts()) {
                if (name != null && name.equals(candidate.getName())) {
                    return candidate.getContainerPort();
                }
            }
        }
        throw new IllegalArgumentException("port \"" + name + "\" is not a port of container " + container.getName());
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private static int remainingMillis(long deadlineNanos) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
