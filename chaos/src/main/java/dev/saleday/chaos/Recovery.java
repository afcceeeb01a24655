package dev.saleday.chaos;

import dev.saleday.records.Journal;
import dev.saleday.records.JournalFile;
import dev.saleday.records.JournalReader;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code saleday recover RUN_DIR}: undoes, newest first, every action a run's journal shows as not undone (a run
 * killed with kill -9, a lost connection at the end). Idempotent: each undo sets recorded state, and its result is
 * appended to the journal, so a second recover finds nothing pending.
 */
public final class Recovery {

    /** @param undone whether the undo succeeded; {@code message} says what is left when not */
    public record Outcome(long seq, String fault, String action, String undo, boolean undone, String message) {
    }

    private Recovery() {
    }

    /**
     * @param runDir the run directory holding journal.jsonl
     * @param client a client for the cluster the run used (the CLI checks its context against the plan's
     *               allowlist first, as for a run)
     * @return one outcome per pending action, in the order they were undone; empty when nothing was pending
     * @throws IOException when the journal is missing or unreadable
     */
    public static List<Outcome> recover(Path runDir, KubernetesClient client) throws IOException {
        Path file = runDir.resolve(JournalFile.FILE_NAME);
        if (!Files.exists(file)) {
            throw new IOException("no " + JournalFile.FILE_NAME + " in " + runDir + ": nothing to recover from");
        }
        JournalReader.Contents contents = JournalReader.read(file);
        Guardrails.refuseForbiddenNamespace(contents.namespace());
        List<Outcome> outcomes = new ArrayList<>();
        if (contents.pending().isEmpty()) {
            return outcomes;
        }
        try (Journal journal = Journal.append(file, System::currentTimeMillis)) {
            for (JournalReader.Entry entry : contents.pending()) {
                Undo undo = Undo.fromJson(entry.undo());
                try {
                    undo.undo(client);
                    journal.event(entry.seq(), "undone", "by recover");
                    outcomes.add(new Outcome(entry.seq(), entry.fault(), entry.action(), undo.describe(),
                            true, null));
                } catch (RuntimeException e) {
                    journal.event(entry.seq(), "undo-failed", "by recover: " + e.getMessage());
                    outcomes.add(new Outcome(entry.seq(), entry.fault(), entry.action(), undo.describe(),
                            false, e.getMessage()));
                }
            }
        }
        return outcomes;
    }
}
