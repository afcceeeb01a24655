package dev.saleday.localkube.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Serves a container's CRI log as the kubelet does (pkg/kubelet/kuberuntime/logs/logs.go, {@code ReadLogs}): the
 * tail is counted in entries from the end of the file, then entries older than {@code since} are left out, then the
 * output is cut at {@code limitBytes}. One instance follows one file ({@link #next}); {@link #readAll} serves a
 * finished request at once.
 */
public final class ContainerLogReader {

    private final LogSelection selection;
    private long offset = -1;
    private long remainingBytes;

    public ContainerLogReader(LogSelection selection) {
        this.selection = selection;
        this.remainingBytes = selection.limitBytes() < 0 ? Long.MAX_VALUE : selection.limitBytes();
    }

    /** The selected entries of {@code files} read one after the other (a rotated part, then the live file). */
    public static byte[] readAll(List<Path> files, LogSelection selection) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path file : files) {
            if (Files.exists(file)) {
                all.write(Files.readAllBytes(file));
            }
        }
        byte[] bytes = all.toByteArray();
        ContainerLogReader reader = new ContainerLogReader(selection);
        int end = completeEnd(bytes, bytes.length);
        return reader.render(bytes, tailStart(bytes, end, selection.tailLines()), end);
    }

    /** True once {@code limitBytes} have been served: a follower stops there, as the kubelet's does. */
    public boolean exhausted() {
        return remainingBytes <= 0;
    }

    /**
     * The selected entries written to {@code file} since the last call (the first call starts at the tail); a file
     * that shrank (rotated) is read again from its start. Only whole entries are consumed.
     */
    public byte[] next(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            if (offset < 0) {
                byte[] all = new byte[(int) size];
                in.readFully(all);
                int end = completeEnd(all, all.length);
                offset = end;
                return render(all, tailStart(all, end, selection.tailLines()), end);
            }
            long from = size < offset ? 0 : offset;
            if (size == from || exhausted()) {
                offset = from;
                return new byte[0];
            }
            byte[] bytes = new byte[(int) Math.min(size - from, 1 << 20)];
            in.seek(from);
            in.readFully(bytes);
            int end = completeEnd(bytes, bytes.length);
            offset = from + end;
            return render(bytes, 0, end);
        }
    }

    private byte[] render(byte[] bytes, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lineStart = from;
        for (int i = from; i < to && remainingBytes > 0; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            Optional<CriLog.Entry> entry = CriLog.parse(bytes, lineStart, i);
            lineStart = i + 1;
            if (entry.isEmpty() || entry.get().time().isBefore(selection.since())) {
                continue;
            }
            byte[] line = entry.get().rendered(selection.timestamps());
            int length = (int) Math.min(line.length, remainingBytes);
            out.write(line, 0, length);
            remainingBytes -= length;
        }
        return out.toByteArray();
    }

    /** The end of the last whole entry (just past its line break). */
    private static int completeEnd(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** Where the last {@code lines} entries before {@code end} start (0 for all of them). */
    private static int tailStart(byte[] bytes, int end, long lines) {
        if (lines < 0) {
            return 0;
        }
        if (lines == 0) {
            return end;
        }
        long newlines = 0;
        for (int i = end - 2; i >= 0; i--) {
            if (bytes[i] == '\n' && ++newlines == lines) {
                return i + 1;
            }
        }
        return 0;
    }
}
