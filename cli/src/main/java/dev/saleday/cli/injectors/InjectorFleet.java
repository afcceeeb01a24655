package dev.saleday.cli.injectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.chaos.ChaosRun;
import dev.saleday.chaos.Step;
import dev.saleday.chaos.Undo;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.records.ShardRecords;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's side of a run with several injectors: the Indexed Job of {@code count} injector pods and the
 * ConfigMap that hands them the plan, created in the target namespace as a change of the run journaled with its undo
 * (the run's end, an interrupt and {@code saleday recover} delete both); one start instant once every shard is ready;
 * each shard's injector.jsonl mirrored into {@code shards/<i>/} every second (the progress line's counts, and what a
 * shard recorded before it died); every record file read through the API server's pod proxy at the end.
 *
 * <p>The pod proxy ({@code pods/proxy}) and not the logs: the records are files (simulation.log runs to hundreds of
 * MB at 10,000 req/s a shard) that must come back byte for byte and be read from an offset while the load runs; a
 * container log is one stream shared with the injector's console, capped and rotated by the kubelet. The proxy is
 * the route the API offers to a pod's own port from wherever the kubeconfig works, and the injectors need no API
 * rights of their own (no token is mounted).
 */
public final class InjectorFleet implements AutoCloseable {

    /** The ServiceAccount of k8s/rbac the injector pods run as. */
    public static final String SERVICE_ACCOUNT = "saleday";
    /** The image the injector pods run; {@code -Dsaleday.injector.image} overrides it (your registry's copy). */
    public static final String IMAGE_PROPERTY = "saleday.injector.image";
    /**
     * The CPU each injector container asks for and is held to ({@code -Dsaleday.injector.cpu=1}: requests = limits,
     * a Kubernetes quantity); unset: no resources. A container-aware JVM sizes itself from the limit (processors,
     * so its Gatling event loops, compiler threads and collector), and the pods share the node's cores by it.
     */
    public static final String CPU_PROPERTY = "saleday.injector.cpu";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final ChaosRun chaos;
    private final ChaosRun.RunChange change;
    private final String namespace;
    private final String name;
    private final int count;
    private final Path runDir;
    /** The pod that drives each shard: the first one seen ready; a replacement after its death never starts. */
    private final Map<Integer, String> podByIndex = new ConcurrentSkipListMap<>();
    private final long[] mirroredBytes;
    private final boolean[] gone;
    private volatile boolean undone;
    private boolean collected;

    private InjectorFleet(KubernetesClient client, ChaosRun chaos, ChaosRun.RunChange change, String namespace,
                          String name, int count, Path runDir) {
        this.client = client;
        this.chaos = chaos;
        this.change = change;
        this.namespace = namespace;
        this.name = name;
        this.count = count;
        this.runDir = runDir;
        this.mirroredBytes = new long[count];
        this.gone = new boolean[count];
    }

    /** @return the Job's (and ConfigMap's) name for a run started at {@code startedAtMs} */
    public static String name(long startedAtMs) {
        return "saleday-injectors-" + Long.toString(startedAtMs, 36);
    }

    /** @return the image the pods run: {@code saleday/harness:<version>} unless overridden */
    public static String image(String version) {
        String image = System.getProperty(IMAGE_PROPERTY);
        return image != null && !image.isBlank() ? image : "saleday/harness:" + version;
    }

    /**
     * Journals the undo (delete Job and ConfigMap), then creates the ConfigMap and the Job.
     *
     * @param injectorPlanYaml {@link InjectorPlan#yaml}
     */
    public static InjectorFleet create(KubernetesClient client, ChaosRun chaos, String namespace, String name,
                                       String injectorPlanYaml, int count, String image, Path runDir) {
        Job job = job(namespace, name, count, image);
        Step step = new Step(List.of("Job/" + name, "ConfigMap/" + name), "create the injectors' Job (" + count
                + " pods of " + image + ") and their ConfigMap", new Undo.DeleteInjectors(namespace, name, name), 0,
                c -> {
                    c.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                            .withName(name).addToLabels("app.kubernetes.io/name", "saleday")
                            .addToLabels("app.kubernetes.io/component", "injector").endMetadata()
                            .addToData("plan.yaml", injectorPlanYaml).build()).create();
                    c.batch().v1().jobs().inNamespace(namespace).resource(job).create();
                    return "Job/" + name + " created: " + count + " injector pods";
                }, null);
        ChaosRun.RunChange change = chaos.applyRunChange("injectors", "injectors", step);
        return new InjectorFleet(client, chaos, change, namespace, name, count, runDir);
    }

    static Job job(String namespace, String name, int count, String image) {
        Job job = new JobBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/name", "saleday").addToLabels("app.kubernetes.io/component", "injector")
                .endMetadata()
                .withNewSpec().withCompletionMode("Indexed").withCompletions(count).withParallelism(count)
                .withBackoffLimit(count * 2)
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", "saleday")
                .addToLabels("app.kubernetes.io/component", "injector").endMetadata()
                .withNewSpec().withRestartPolicy("Never").withServiceAccountName(SERVICE_ACCOUNT)
                .withAutomountServiceAccountToken(false)
                .addNewContainer().withName("injector").withImage(image).withArgs("inject")
                .addNewPort().withName("injector").withContainerPort(Injector.PORT).endPort()
                .addNewEnv().withName("SALEDAY_INJECTORS").withValue(Integer.toString(count)).endEnv()
                .addNewEnv().withName("SALEDAY_PLAN").withNewValueFrom().withNewConfigMapKeyRef("plan.yaml", name, false)
                .endValueFrom().endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build();
        Optional<Quantity> cpu = cpu();
        if (cpu.isPresent()) {
            Quantity quantity = cpu.get();
            job.getSpec().getTemplate().getSpec().getContainers().get(0).setResources(new ResourceRequirementsBuilder()
                    .addToRequests("cpu", quantity).addToLimits("cpu", quantity).build());
        }
        return job;
    }

    /**
     * @return {@code -Dsaleday.injector.cpu} as a CPU quantity, empty when unset
     * @throws InvalidInputException when it is not a positive CPU quantity (e.g. {@code 1}, {@code 1.5}, {@code 500m})
     */
    public static Optional<Quantity> cpu() {
        String cpu = System.getProperty(CPU_PROPERTY);
        if (cpu == null || cpu.isBlank()) {
            return Optional.empty();
        }
        try {
            Quantity quantity = Quantity.parse(cpu.strip());
            if (quantity.getFormat() != null && !quantity.getFormat().isEmpty() && !"m".equals(quantity.getFormat())
                    || Quantity.getAmountInBytes(quantity).signum() <= 0) {
                throw new IllegalArgumentException("not a positive number of CPUs");
            }
            return Optional.of(quantity);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("-D" + CPU_PROPERTY + ": expected a positive CPU quantity such as 1, 1.5"
                    + " or 500m (the injector pods' CPU request and limit), got '" + cpu + "'", e);
        }
    }

    public String jobName() {
        return name;
    }

    public int count() {
        return count;
    }

    /**
     * Waits until every index has a pod that says it is ready (Gatling built, waiting for the start).
     *
     * @return the shards not ready by the deadline, as {@code i/n}; empty when all are
     */
    public List<String> awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Pod pod : client.pods().inNamespace(namespace).withLabel("batch.kubernetes.io/job-name", name).list()
                    .getItems()) {
                String index = pod.getMetadata().getAnnotations() == null ? null
                        : pod.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index");
                if (index == null || podByIndex.containsKey(Integer.parseInt(index))
                        || pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
                    continue;
                }
                String state = state(pod.getMetadata().getName());
                if ("ready".equals(state)) {
                    podByIndex.put(Integer.parseInt(index), pod.getMetadata().getName());
                }
            }
            if (podByIndex.size() == count || System.nanoTime() > deadline) {
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (!podByIndex.containsKey(i)) {
                        missing.add(i + "/" + count);
                    }
                }
                return missing;
            }
            pause(Duration.ofMillis(250));
        }
    }

    /** @return the pod driving each shard, by index */
    public Map<Integer, String> pods() {
        return Map.copyOf(podByIndex);
    }

    /**
     * Tells every ready shard the one start instant.
     *
     * @return the shards that could not be told, as {@code i/n (pod): why}
     */
    public List<String> start(long atMs) {
        List<String> failed = new ArrayList<>();
        podByIndex.forEach((index, pod) -> {
            try {
                HttpResponse<byte[]> answer = call(pod, "start?atMs=" + atMs, true);
                if (answer.code() != 200) {
                    failed.add(index + "/" + count + " (" + pod + "): " + answer.code());
                }
            } catch (RuntimeException e) {
                failed.add(index + "/" + count + " (" + pod + "): " + e.getMessage());
            }
        });
        return failed;
    }

    /**
     * Mirrors what each shard's injector.jsonl gained since the last call into {@code shards/<i>/injector.jsonl};
     * nothing once the records are collected (an interrupt collects them while the load still runs).
     *
     * @return the requests the living shards started in the second each recorded last, summed (0 for a shard that
     *         recorded no new second)
     */
    public synchronized long mirror() {
        if (collected) {
            return 0; // the whole files are in: appending from the last offset would repeat seconds
        }
        long sent = 0;
        for (Map.Entry<Integer, String> entry : podByIndex.entrySet()) {
            int index = entry.getKey();
            if (gone[index]) {
                continue;
            }
            long secondSent = 0;
            try {
                HttpResponse<byte[]> answer = call(entry.getValue(), "records/injector.jsonl?from="
                        + mirroredBytes[index], false);
                if (answer.code() == 200 && answer.body() != null && answer.body().length > 0) {
                    byte[] bytes = answer.body();
                    int whole = lastNewline(bytes) + 1; // complete lines only
                    if (whole > 0) {
                        Path file = ShardRecords.dir(runDir, index).resolve("injector.jsonl");
                        Files.createDirectories(file.getParent());
                        Files.write(file, java.util.Arrays.copyOf(bytes, whole), StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                        mirroredBytes[index] += whole;
                        secondSent = lastSent(new String(bytes, 0, whole, StandardCharsets.UTF_8));
                    }
                } else if (answer.code() != 200 && answer.code() != 404) {
                    gone[index] = dead(entry.getValue());
                } else if (answer.code() == 404) {
                    gone[index] = dead(entry.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                gone[index] = dead(entry.getValue());
            }
            sent += gone[index] ? 0 : secondSent;
        }
        return sent;
    }

    /** @return whether the pod is gone or going: deleted, being deleted, or ended (its process no longer serves) */
    private boolean dead(String podName) {
        Pod pod;
        try {
            pod = client.pods().inNamespace(namespace).withName(podName).get();
        } catch (RuntimeException e) {
            return false; // the API server did not answer: the pod may well be alive
        }
        return pod == null || pod.getMetadata().getDeletionTimestamp() != null
                || (pod.getStatus() != null && ("Failed".equals(pod.getStatus().getPhase())
                || "Succeeded".equals(pod.getStatus().getPhase())));
    }

    /** @return the shards whose pod is gone, as {@code i/n (pod)} */
    public List<String> gone() {
        List<String> names = new ArrayList<>();
        podByIndex.forEach((index, pod) -> {
            if (gone[index]) {
                names.add(index + "/" + count + " (pod " + pod + ")");
            }
        });
        return names;
    }

    /** @return whether every living shard says its load is over (done or failed) */
    public synchronized boolean allFinished() {
        for (Map.Entry<Integer, String> entry : podByIndex.entrySet()) {
            if (gone[entry.getKey()]) {
                continue;
            }
            String state = state(entry.getValue());
            if (state == null && dead(entry.getValue())) {
                gone[entry.getKey()] = true;
                continue;
            }
            if (!"done".equals(state) && !"failed".equals(state)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads every record file of every living shard into {@code shards/<i>/}, then tells it it may end. Once: at the
     * load's end, or on an interrupt while the shards still run (then each file as far as it was written).
     *
     * @return the bytes read, or -1 when collected before
     */
    public synchronized long collect() throws IOException {
        if (collected) {
            return -1;
        }
        collected = true;
        long bytes = 0;
        for (Map.Entry<Integer, String> entry : podByIndex.entrySet()) {
            int index = entry.getKey();
            if (gone[index]) {
                continue;
            }
            String pod = entry.getValue();
            HttpResponse<byte[]> list = call(pod, "records", false);
            if (list.code() != 200) {
                gone[index] = dead(pod);
                continue;
            }
            Path dir = ShardRecords.dir(runDir, index);
            for (String line : new String(list.body(), StandardCharsets.UTF_8).split("\n")) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    continue;
                }
                String path = line.substring(space + 1);
                Path file = dir.resolve(path).normalize();
                if (!file.startsWith(dir)) {
                    continue; // never outside the shard's folder
                }
                HttpResponse<byte[]> body = call(pod, "records/" + path, false);
                if (body.code() == 200) {
                    Files.createDirectories(file.getParent());
                    byte[] content = body.body() == null ? new byte[0] : body.body();
                    Files.write(file, content);
                    bytes += content.length;
                }
            }
            try {
                call(pod, "collected", true);
            } catch (RuntimeException e) {
                // it ends with the Job anyway
            }
        }
        return bytes;
    }

    /** Deletes the Job and the ConfigMap now (journaled as undone); the teardown does it when not done before. */
    @Override
    public void close() {
        if (!undone) {
            undone = true;
            chaos.undoRunChange(change);
        }
    }

    private String state(String pod) {
        try {
            HttpResponse<byte[]> answer = call(pod, "status", false);
            if (answer.code() != 200) {
                return null;
            }
            JsonNode status = JSON.readTree(answer.body());
            return status.path("state").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private HttpResponse<byte[]> call(String pod, String path, boolean post) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace
                + "/pods/" + pod + ":" + Injector.PORT + "/proxy/" + path;
        HttpRequest.Builder builder = client.getHttpClient().newHttpRequestBuilder().uri(URI.create(url).toString())
                .timeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (post) {
            builder.post("text/plain", new byte[0]);
        }
        try {
            return client.getHttpClient().sendAsync(builder.build(), byte[].class)
                    .get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the pod proxy of " + pod + " did not answer: " + e.getMessage(), e);
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long lastSent(String lines) {
        long sent = 0;
        for (String line : lines.split("\n")) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node.has("sent")) {
                    sent = node.get("sent").asLong();
                }
            } catch (IOException e) {
                // a header or a foreign line: not a second
            }
        }
        return sent;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis()); // polling the pods between looks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the injectors", e);
        }
    }
}
