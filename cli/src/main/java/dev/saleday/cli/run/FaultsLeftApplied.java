package dev.saleday.cli.run;

import dev.saleday.chaos.Undo;
import dev.saleday.records.JournalFile;
import dev.saleday.records.JournalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The faults a finished run's journal says are still applied (never undone, or their undo failed): a run that
 * leaves the cluster changed must not exit as if all were well, whatever its verdict.
 */
public final class FaultsLeftApplied {

    private FaultsLeftApplied() {
    }

    /** @return the journal's pending actions, newest first; empty when the run journaled none */
    public static List<JournalReader.Entry> in(Path runDir) throws IOException {
        Path journal = runDir.resolve(JournalFile.FILE_NAME);
        return Files.exists(journal) ? JournalReader.read(journal).pending() : List.of();
    }

    /** @return one line for the console naming them and how to retry */
    public static String describe(List<JournalReader.Entry> left, Path runDir) {
        StringBuilder text = new StringBuilder("saleday: ").append(left.size())
                .append(left.size() == 1 ? " fault was" : " faults were")
                .append(" not undone, the cluster may be left changed:");
        for (JournalReader.Entry entry : left) {
            text.append(' ').append(entry.fault()).append(" (").append(Undo.fromJson(entry.undo()).describe()).append(": ")
                    .append(entry.lastEvent()).append(");");
        }
        return text.append(" run `saleday recover ").append(runDir).append("` to retry").toString();
    }
}
