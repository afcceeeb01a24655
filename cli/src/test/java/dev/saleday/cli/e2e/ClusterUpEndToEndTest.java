package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saleday cluster up --manifests k8s/overlays/local} as a user runs it: the printed Service URL answers
 * recommendations from more than one pod (the proxy picks a pod per connection), and SIGTERM takes the cluster and
 * every pod down.
 */
class ClusterUpEndToEndTest {

    static final Path MANIFESTS = Path.of("..", "k8s", "overlays", "local").toAbsolutePath().normalize();
    static final Pattern SERVICE_URL = Pattern.compile("service shop/recommendation-service: (http://127\\.0\\.0\\.1:\\d+)");
    static final Duration READY = Duration.ofSeconds(90);

    @Test
    void theServiceUrlItPrintsAnswersFromSeveralPodsAndSigtermStopsEverything(@TempDir Path tmp) throws Exception {
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve("out.txt"), "cluster", "up", "--manifests",
                MANIFESTS.toString())) {
            URI url = await().atMost(READY).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(saleday.isAlive()).as(saleday.output()).isTrue();
                Matcher m = SERVICE_URL.matcher(saleday.output());
                return m.find() ? URI.create(m.group(1)) : null;
            }, u -> u != null);
            Set<String> pods = new HashSet<>();
            // The pods need their start-up before they answer; then each connection may land on another pod.
            await().atMost(READY).pollInterval(Duration.ofMillis(100)).until(() -> {
                String pod = predictOnANewConnection(url);
                if (pod != null) {
                    pods.add(pod);
                }
                return pods.size() >= 2;
            });
            assertThat(pods).allMatch(p -> p.startsWith("recommendation-"));
            Set<ProcessHandle> children = new HashSet<>();
            saleday.descendants().forEach(children::add);
            assertThat(children).as("the model pods run as processes under saleday").isNotEmpty();

            saleday.terminate();
            // stopped by the signal, as any process is: 128 + 15, once the shutdown hook has closed the cluster
            assertThat(saleday.waitFor(Duration.ofSeconds(60))).isEqualTo(143);
            await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    /** @return the X-Pod-Name of a 200 answer with items, sent on a socket of its own; null if none yet */
    static String predictOnANewConnection(URI url) {
        byte[] body = "{\"userId\":7,\"k\":5}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 2000);
            socket.setSoTimeout(2000);
            String head = "POST /predict HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!answer.startsWith("HTTP/1.1 200")) {
                return null;
            }
            assertThat(answer).contains("\"items\"");
            Matcher pod = Pattern.compile("(?im)^X-Pod-Name: *(\\S+)").matcher(answer);
            return pod.find() ? pod.group(1) : null;
        } catch (IOException e) {
            return null; // not ready yet: reset by the proxy (no ready pod) or refused
        }
    }
}
