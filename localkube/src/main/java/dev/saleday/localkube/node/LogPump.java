package dev.saleday.localkube.node;

import dev.saleday.localkube.logs.CriLog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Copies one output stream of a container (its stdout or its stderr pipe) into the container's log file, one CRI
 * entry per line, stamped with the time the line was read: the job the container runtime does for the kubelet
 * (containerd's {@code redirectLogs}). Lines longer than {@link CriLog#MAX_LINE_BYTES} and a last line left
 * unterminated are written as partial ({@code P}) entries, so the entries' contents put together are exactly what the
 * container wrote.
 *
 * <p>Cost: what one {@code read} returned is turned into entries that share one time (formatted once) and written
 * with one call, so a busy container costs a copy of its output and one write per read, not per line.
 */
final class LogPump implements Runnable {

    private static final int READ_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] streamField;
    private final ContainerLogFile file;
    private final Clock clock;
    private final byte[] line = new byte[CriLog.MAX_LINE_BYTES];
    private int lineLength;
    private byte[] out = new byte[READ_BYTES * 2];
    private int outLength;
    private final byte[] timestamp = new byte[CriLog.TIMESTAMP_BYTES];

    LogPump(InputStream in, boolean stderr, ContainerLogFile file, Clock clock) {
        this.in = in;
        this.streamField = (stderr ? " stderr " : " stdout ").getBytes(StandardCharsets.US_ASCII);
        this.file = file;
        this.clock = clock;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[READ_BYTES];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                CriLog.writeTimestamp(clock.instant(), timestamp, 0);
                split(buffer, n);
                flush();
            }
        } catch (IOException e) {
            // the pipe broke: the container is gone; what was read is written below
        }
        try {
            if (lineLength > 0) {
                CriLog.writeTimestamp(clock.instant(), timestamp, 0);
                entry(true);
            }
            flush();
        } catch (IOException e) {
            // the log file went away with its pod
        }
    }

    private void split(byte[] buffer, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                take(buffer, start, i);
                entry(false);
                start = i + 1;
            }
        }
        take(buffer, start, length);
    }

    /** Adds bytes to the current line, writing a partial entry each time it fills up. */
    private void take(byte[] buffer, int from, int to) {
        int at = from;
        while (at < to) {
            int room = line.length - lineLength;
            if (room == 0) {
                entry(true);
                continue;
            }
            int count = Math.min(room, to - at);
            System.arraycopy(buffer, at, line, lineLength, count);
            lineLength += count;
            at += count;
        }
    }

    private void entry(boolean partial) {
        int needed = outLength + CriLog.TIMESTAMP_BYTES + streamField.length + 3 + lineLength;
        if (needed > out.length) {
            out = java.util.Arrays.copyOf(out, Math.max(needed, out.length * 2));
        }
        System.arraycopy(timestamp, 0, out, outLength, timestamp.length);
        outLength += timestamp.length;
        System.arraycopy(streamField, 0, out, outLength, streamField.length);
        outLength += streamField.length;
        out[outLength++] = (byte) (partial ? 'P' : 'F');
        out[outLength++] = ' ';
        System.arraycopy(line, 0, out, outLength, lineLength);
        outLength += lineLength;
        out[outLength++] = '\n';
        lineLength = 0;
    }

    private void flush() throws IOException {
        try {
            file.append(out, outLength);
        } finally {
            outLength = 0;
        }
    }
}
