package dev.saleday.records;

/**
 * {@code journal.jsonl}: chaos's rollback journal. One line per step of each fault firing after a header:
 * {@code intent} (with the action's undo) before the action touches the cluster, then {@code applied},
 * {@code failed}, {@code undone} or {@code undo-failed}; each line forced to disk before the call returns. Written by
 * {@link Journal}, read by {@link JournalReader}. Spec: docs/CHAOS.md.
 */
public final class JournalFile {

    public static final RecordFormat FORMAT = new RecordFormat("journal.jsonl", "saleday.journal", 1);
    public static final String FILE_NAME = FORMAT.fileName();

    private JournalFile() {
    }
}
