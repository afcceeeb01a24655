package dev.saleday.chaos;

import dev.saleday.records.JournalFile;
import dev.saleday.records.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A chaos process killed with kill -9 once its journal shows its faults applied leaves them in place; recover
 * undoes them from the journal, once. A process stopped with SIGTERM undoes them itself (shutdown hook).
 */
class KilledRunRecoveryTest {

    @RegisterExtension
    static final OnMockApiServer api = new OnMockApiServer();
    @TempDir
    Path dir;

    String image(String ns) {
        return api.client().apps().deployments().inNamespace(ns).withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    int replicas(String ns) {
        return api.client().apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas();
    }

    Process startChild(String ns, Path runDir) throws Exception {
        Fixtures.namespace(api.client(), ns);
        Fixtures.deployment(api.client(), ns, 2, "web:v1");
        Process child = ChildProcess.start(api.cluster().kubeconfig(), runDir, ns, dir.resolve(ns + ".out"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!child.isAlive()) {
                throw new AssertionError("child exited: " + Files.readString(dir.resolve(ns + ".out")));
            }
            return Timelines.journalEvents(runDir).stream().filter(e -> e.endsWith(":applied")).count() == 2;
        });
        return child;
    }

    @Test
    void recoverUndoesWhatAKilledRunLeftApplied() throws Exception {
        Path runDir = dir.resolve("run-killed");
        Process child = startChild("killed", runDir);
        try {
            child.destroyForcibly(); // SIGKILL: no hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(image("killed")).isEqualTo("web:v2");
        assertThat(replicas("killed")).isEqualTo(3);

        List<Recovery.Outcome> outcomes = Recovery.recover(runDir, api.client());
        assertThat(outcomes).extracting(Recovery.Outcome::fault).containsExactly("release", "bump");
        assertThat(outcomes).allMatch(Recovery.Outcome::undone);
        assertThat(image("killed")).isEqualTo("web:v1");
        assertThat(replicas("killed")).isEqualTo(2);

        long generation = api.client().apps().deployments().inNamespace("killed").withName("web").get()
                .getMetadata().getGeneration();
        assertThat(Recovery.recover(runDir, api.client())).isEmpty(); // idempotent: nothing left, nothing touched
        assertThat(api.client().apps().deployments().inNamespace("killed").withName("web").get()
                .getMetadata().getGeneration()).isEqualTo(generation);
        assertThat(Timelines.journalEvents(runDir)).containsExactly("1:intent", "1:applied", "2:intent",
                "2:applied", "2:undone", "1:undone");
    }

    @Test
    void sigtermUndoesThroughTheShutdownHook() throws Exception {
        Path runDir = dir.resolve("run-terminated");
        Process child = startChild("terminated", runDir);
        try {
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(image("terminated")).isEqualTo("web:v1");
        assertThat(replicas("terminated")).isEqualTo(2);
        assertThat(JournalReader.read(runDir.resolve(JournalFile.FILE_NAME)).pending()).isEmpty();
        assertThat(Recovery.recover(runDir, api.client())).isEmpty();
    }
}
