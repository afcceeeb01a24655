package dev.saleday.localkube.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The CRI container log format, as the container runtime writes it and the kubelet reads it (Kubernetes' "CRI
 * container logs" design; the reader is pkg/kubelet/kuberuntime/logs/logs.go, the writer containerd's
 * internal/cri/io/logger.go): one entry a line,
 * <pre>{@code <RFC 3339 time with nanoseconds> <stdout|stderr> <P|F> <bytes the container wrote>}</pre>
 * where {@code F} ends a line of the container's output and {@code P} is a part of a line that goes on in the next
 * entry: a line longer than {@link #MAX_LINE_BYTES}, or what was left unterminated when the stream ended. The line
 * break of an {@code F} entry is the container's; a {@code P} entry's is only the file's.
 *
 * <p>Times are written fixed-width in UTC ({@code 2026-12-07T00:20:01.123456789Z}: Go's {@code RFC3339NanoFixed},
 * the form the kubelet prints with {@code timestamps=true}) and read leniently (any RFC 3339 time).
 */
public final class CriLog {

    /** The longest entry's content: longer lines are cut into {@code P} entries (containerd's default). */
    public static final int MAX_LINE_BYTES = 16 * 1024;
    /** Length of a fixed-width timestamp. */
    public static final int TIMESTAMP_BYTES = 30;

    private CriLog() {
    }

    /** One entry: when the runtime read it, from which stream, whether the line goes on, and its bytes. */
    public record Entry(Instant time, boolean stderr, boolean partial, byte[] content) {

        /** The entry as the kubelet serves it: the content, its line break unless partial, the time first if asked. */
        public byte[] rendered(boolean timestamps) {
            int length = content.length + (partial ? 0 : 1) + (timestamps ? TIMESTAMP_BYTES + 1 : 0);
            byte[] out = new byte[length];
            int at = 0;
            if (timestamps) {
                writeTimestamp(time, out, 0);
                out[TIMESTAMP_BYTES] = ' ';
                at = TIMESTAMP_BYTES + 1;
            }
            System.arraycopy(content, 0, out, at, content.length);
            if (!partial) {
                out[length - 1] = '\n';
            }
            return out;
        }
    }

    /**
     * Writes {@code time} as {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ} into {@code out} at {@code offset}
     * ({@value #TIMESTAMP_BYTES} bytes).
     */
    public static void writeTimestamp(Instant time, byte[] out, int offset) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        int at = offset;
        at = digits(utc.getYear(), 4, out, at);
        out[at++] = '-';
        at = digits(utc.getMonthValue(), 2, out, at);
        out[at++] = '-';
        at = digits(utc.getDayOfMonth(), 2, out, at);
        out[at++] = 'T';
        at = digits(utc.getHour(), 2, out, at);
        out[at++] = ':';
        at = digits(utc.getMinute(), 2, out, at);
        out[at++] = ':';
        at = digits(utc.getSecond(), 2, out, at);
        out[at++] = '.';
        at = digits(time.getNano(), 9, out, at);
        out[at] = 'Z';
    }

    private static int digits(int value, int width, byte[] out, int at) {
        int v = value;
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + width;
    }

    /**
     * Reads one entry (without its line break); empty if the line is not in the CRI format (the kubelet skips such
     * lines too).
     */
    public static Optional<Entry> parse(byte[] bytes, int from, int to) {
        int timeEnd = indexOf(bytes, from, to, (byte) ' ');
        if (timeEnd < 0) {
            return Optional.empty();
        }
        int streamEnd = indexOf(bytes, timeEnd + 1, to, (byte) ' ');
        if (streamEnd < 0) {
            return Optional.empty();
        }
        int tagEnd = indexOf(bytes, streamEnd + 1, to, (byte) ' ');
        if (tagEnd < 0) {
            return Optional.empty();
        }
        String stream = new String(bytes, timeEnd + 1, streamEnd - timeEnd - 1, StandardCharsets.US_ASCII);
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(new String(bytes, from, timeEnd - from, StandardCharsets.US_ASCII))
                    .toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        // tags are ':'-separated, the first says partial or full (kept forward compatible as the kubelet does)
        boolean partial = bytes[streamEnd + 1] == 'P' && (tagEnd == streamEnd + 2 || bytes[streamEnd + 2] == ':');
        byte[] content = new byte[to - tagEnd - 1];
        System.arraycopy(bytes, tagEnd + 1, content, 0, content.length);
        return Optional.of(new Entry(time, stream.equals("stderr"), partial, content));
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
