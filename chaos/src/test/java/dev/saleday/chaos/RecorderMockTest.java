package dev.saleday.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.records.TimelineFile;
import dev.saleday.records.TimelineWriter;
import dev.saleday.recorder.Recorder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The recorder turns object changes into timeline lines; here the test plays the controllers by hand. */
class RecorderMockTest {

    @RegisterExtension
    static final OnMockApiServer api = new OnMockApiServer();
    @TempDir
    Path runDir;

    @Test
    void podLifecycleDeploymentAndNodeChangesBecomeLines() throws Exception {
        String ns = "rec";
        Fixtures.namespace(api.client(), ns);
        Fixtures.node(api.client(), "node-a");
        Path file = runDir.resolve(TimelineFile.FILE_NAME);
        try (TimelineWriter timeline = TimelineWriter.open(runDir, ns);
             Recorder recorder = new Recorder(api.client(), ns, timeline).start()) {
            timeline.phase("peak", "start");
            Fixtures.deployment(api.client(), ns, 1, "web:v1");
            api.client().pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("web-1")
                    .withLabels(Map.of("app", "web", "version", "v1.0")).endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("web:v1").endContainer().endSpec()
                    .build()).create();
            var pod = api.client().pods().inNamespace(ns).withName("web-1");
            pod.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"nodeName\":\"node-a\"}}");
            pod.editStatus(p -> new PodBuilder(p).editOrNewStatus().withConditions(new PodConditionBuilder()
                    .withType("Ready").withStatus("True").build()).endStatus().build());
            pod.editStatus(p -> new PodBuilder(p).editOrNewStatus().withConditions(new PodConditionBuilder()
                    .withType("Ready").withStatus("False").build()).endStatus().build());
            pod.delete();
            new Undo.Uncordon("node-a").undo(api.client());
            api.client().nodes().withName("node-a").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"unschedulable\":true}}");
            await().atMost(Duration.ofSeconds(20)).until(() -> Timelines.ofKind(file, "pod").stream()
                    .anyMatch(l -> l.path("event").asText().equals("deleted"))
                    && Timelines.ofKind(file, "node").stream().anyMatch(l -> l.path("unschedulable").asBoolean()));
            assertThat(recorder.deployment("web")).isNotNull();
        }
        List<JsonNode> lines = Timelines.lines(file);
        assertThat(lines.get(0).path("format").asText()).isEqualTo(TimelineFile.FORMAT.name());
        assertThat(lines.get(0).path("version").asInt()).isEqualTo(1);
        List<JsonNode> pods = Timelines.ofKind(file, "pod");
        assertThat(pods).extracting(l -> l.path("event").asText())
                .containsExactly("created", "scheduled", "ready", "not-ready", "deleted");
        assertThat(pods.get(1).path("node").asText()).isEqualTo("node-a");
        assertThat(pods.get(1).path("version").asText()).isEqualTo("v1.0");
        assertThat(pods.get(1).path("image").asText()).isEqualTo("web:v1");
        for (int i = 1; i < pods.size(); i++) {
            assertThat(pods.get(i).path("t").asLong()).isGreaterThanOrEqualTo(pods.get(i - 1).path("t").asLong());
        }
        assertThat(Timelines.ofKind(file, "node")).extracting(l -> l.path("unschedulable").asBoolean())
                .containsExactly(false, true);
        assertThat(Timelines.ofKind(file, "deployment")).first()
                .satisfies(l -> assertThat(l.path("replicas").asInt()).isEqualTo(1));
        assertThat(Timelines.ofKind(file, "phase")).first()
                .satisfies(l -> assertThat(l.path("name").asText()).isEqualTo("peak"));
    }

    @Test
    void theWriterIsThreadSafeAndFlushesWithoutClose() throws Exception {
        Path file = runDir.resolve(TimelineFile.FILE_NAME);
        TimelineWriter timeline = TimelineWriter.open(runDir, "x");
        Thread[] writers = new Thread[4];
        for (int w = 0; w < writers.length; w++) {
            int id = w;
            writers[w] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    timeline.chaos("f" + id, "scale", "start", List.of(), "line " + i);
                }
            });
            writers[w].start();
        }
        for (Thread t : writers) {
            t.join();
        }
        // Not closed: the writer must still have flushed everything within a second.
        await().atMost(Duration.ofSeconds(5)).until(() -> Timelines.lines(file).size() == 2001);
        timeline.close();
        assertThat(Timelines.lines(file)).hasSize(2001);
    }
}
