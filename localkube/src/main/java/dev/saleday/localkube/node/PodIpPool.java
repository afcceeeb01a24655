package dev.saleday.localkube.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out one loopback address per pod, 127.0.1.1, 127.0.1.2, ... (lowest free first, recycled on release), our
 * stand-in for a pod network: the whole 127/8 is loopback on Linux, so pods can all listen on port 8080.
 *
 * <p>Several localkube instances may run at once on one machine (other test JVMs): an address is held through a file
 * lock in {@code java.io.tmpdir/localkube-pod-ips}, which the OS releases when the holding JVM dies, and an address whose
 * container ports are already bound by someone else is skipped.
 */
final class PodIpPool {

    private static final int ADDRESSES_PER_BLOCK = 254;
    private static final int MAX_ADDRESSES = ADDRESSES_PER_BLOCK * 250;
    /** Leases held by this JVM (file locks cannot be taken twice in one JVM). */
    private static final Set<Integer> HELD_IN_THIS_JVM = new HashSet<>();

    private final Path lockDir;

    PodIpPool() {
        this(Path.of(System.getProperty("java.io.tmpdir"), "localkube-pod-ips"));
    }

    PodIpPool(Path lockDir) {
        this.lockDir = lockDir;
    }

    /** A held address; {@link #close()} gives it back. */
    final class Lease implements AutoCloseable {
        private final int index;
        private final FileChannel channel;
        private final FileLock lock;
        private boolean released;

        private Lease(int index, FileChannel channel, FileLock lock) {
            this.index = index;
            this.channel = channel;
            this.lock = lock;
        }

        String ip() {
            return address(index);
        }

        @Override
        public void close() {
            synchronized (HELD_IN_THIS_JVM) {
                if (released) {
                    return;
                }
                released = true;
                try {
                    lock.release();
                    channel.close();
                } catch (IOException ignored) {
                    // the lock goes with the channel anyway
                }
                HELD_IN_THIS_JVM.remove(index);
            }
        }
    }

    /** @param ports container ports that must be free on the address */
    Lease acquire(Collection<Integer> ports) {
        try {
            Files.createDirectories(lockDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + lockDir, e);
        }
        synchronized (HELD_IN_THIS_JVM) {
            for (int index = 0; index < MAX_ADDRESSES; index++) {
                if (HELD_IN_THIS_JVM.contains(index)) {
                    continue;
                }
                Lease lease = tryLock(index);
                if (lease == null) {
                    continue;
                }
                if (portsFree(address(index), ports)) {
                    HELD_IN_THIS_JVM.add(index);
                    return lease;
                }
                lease.released = true;
                closeQuietly(lease);
            }
        }
        throw new IllegalStateException("no free pod address left (" + MAX_ADDRESSES + " in use)");
    }

    static String address(int index) {
        return "127.0." + (1 + index / ADDRESSES_PER_BLOCK) + "." + (1 + index % ADDRESSES_PER_BLOCK);
    }

    private Lease tryLock(int index) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockDir.resolve(address(index) + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            return new Lease(index, channel, lock);
        } catch (IOException | OverlappingFileLockException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing held
                }
            }
            return null;
        }
    }

    private static void closeQuietly(Lease lease) {
        try {
            lease.lock.release();
            lease.channel.close();
        } catch (IOException ignored) {
            // released with the channel
        }
    }

    private static boolean portsFree(String ip, Collection<Integer> ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
