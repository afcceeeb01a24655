package dev.saleday.localkube.node;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One container run's log file in the CRI format ({@link dev.saleday.localkube.logs.CriLog}), appended to by the
 * pumps of its stdout and stderr ({@link LogPump}) in whole entries. Past the cap it is rotated as the kubelet's
 * container log manager rotates (pkg/kubelet/logs/container_log_manager.go): the file is renamed (to
 * {@code <file>.1}, the one rotated part kept) and writing goes on in a new file at the same path, so a follower
 * sees the live file shrink and reads it again from its start.
 */
final class ContainerLogFile implements Closeable {

    private final Path file;
    private final long capBytes;
    private FileChannel channel;
    private long sizeBytes;
    private boolean closed;

    ContainerLogFile(Path file, long capBytes) throws IOException {
        if (capBytes < 1024) {
            throw new IllegalArgumentException("log cap must be >= 1024 bytes, got " + capBytes);
        }
        this.file = file;
        this.capBytes = capBytes;
        open();
    }

    Path path() {
        return file;
    }

    /** Appends whole entries ({@code length} bytes of {@code bytes}); does nothing once closed. */
    synchronized void append(byte[] bytes, int length) throws IOException {
        if (closed || length == 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        sizeBytes += length;
        if (sizeBytes > capBytes) {
            channel.close();
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            open();
        }
    }

    private void open() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        sizeBytes = channel.size();
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }
}
