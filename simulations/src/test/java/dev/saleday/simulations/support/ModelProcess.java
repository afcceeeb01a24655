package dev.saleday.simulations.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The reference model ({@code dev.saleday.model.ModelMain}, from the saleday-model test dependency) as a real child
 * process on a free loopback port; ready when {@code /readyz} answers 200. Closing it kills it.
 */
public final class ModelProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on [^:\\s]+:(\\d+)");

    private final Process process;
    private final URI url;

    private ModelProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    public static ModelProcess start(String podName, Path logFile) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.saleday.model.ModelMain"));
        Map<String, String> env = builder.environment();
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("POD_NAME", podName);
        env.put("MODEL_VERSION", "v1.0");
        env.put("STARTUP_DELAY", "0s");
        env.put("DRAIN_DELAY_MS", "0");
        env.put("FEATURE_STORE_PASSWORD", "test-only-secret");
        builder.redirectError(logFile.toFile());
        Process process = builder.start();
        try {
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(() -> readPort(process, port), "model-stdout");
            reader.setDaemon(true);
            reader.start();
            int listening = port.get(30, TimeUnit.SECONDS);
            ModelProcess model = new ModelProcess(process, URI.create("http://127.0.0.1:" + listening));
            model.awaitReady();
            return model;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the model did not start (stderr in " + logFile + "): " + e, e);
        }
    }

    private static void readPort(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line);
                if (!port.isDone() && matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
            port.completeExceptionally(new IOException("the model exited with " + process.waitFor()));
        } catch (IOException | InterruptedException e) {
            port.completeExceptionally(e);
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            HttpRequest ready = HttpRequest.newBuilder(url.resolve("/readyz")).timeout(Duration.ofSeconds(1)).build();
            return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
