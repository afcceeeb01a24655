package dev.saleday.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.chaos.Undo;
import dev.saleday.records.Journal;
import dev.saleday.records.JournalReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsLeftAppliedTest {

    @TempDir
    Path runDir;

    @Test
    void aFaultWhoseUndoFailedIsLeftAppliedAndNamedWithHowToRetry() throws Exception {
        Journal journal = Journal.create(runDir, "shop", "saleday-local", () -> 1_000L);
        journal.intent(1, "kill-30pc", "pod-kill", List.of("Pod/web-1"),
                Undo.toJson(new Undo.AwaitReplaced("shop", "app=web", 5, 120_000)));
        journal.event(1, "applied", "deleted 1 pod(s)");
        journal.intent(2, "release-v1.1", "scale", List.of("Deployment/web"),
                Undo.toJson(new Undo.RestoreReplicas("shop", "web", 2)));
        journal.event(2, "applied", "replicas 2 -> 4");
        journal.event(2, "undone", null);
        journal.event(1, "undo-failed", "only 2 of 5 pods ready again");
        journal.close();

        List<JournalReader.Entry> left = FaultsLeftApplied.in(runDir);

        assertThat(left).extracting(JournalReader.Entry::fault).containsExactly("kill-30pc");
        assertThat(FaultsLeftApplied.describe(left, runDir)).contains("1 fault was not undone", "kill-30pc",
                "undo-failed", "saleday recover " + runDir);
    }

    @Test
    void aRunWithoutFaultsLeavesNothing() throws Exception {
        assertThat(FaultsLeftApplied.in(runDir)).isEmpty();
    }
}
