package dev.saleday.localkube.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real CPU limits through the Linux cgroup v1 cpu controller (CFS quota), where this process may write it (root on a
 * cgroup v1 host). Optional: the model enforces its limit in-process anyway, so this only adds the kernel's
 * throttling for images that do not. Each container gets {@code <root>/localkube/<name>} with
 * {@code cfs_quota_us = millicores * period / 1000}, and its main process is moved in.
 */
final class CgroupCpuLimits {

    static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup/cpu");
    private static final long PERIOD_MICROS = 100_000;

    private final Path parent;

    CgroupCpuLimits(Path root) {
        this.parent = root.resolve("localkube");
    }

    /** True when the cpu controller is mounted (v1) and writable here. */
    static boolean availableAt(Path root) {
        return Files.isRegularFile(root.resolve("cpu.cfs_quota_us")) && Files.isWritable(root);
    }

    /** @return the group created for the process, to {@link #release} when it has exited; empty if it failed */
    Optional<Path> limit(String groupName, long pid, long millicores) {
        Path group = parent.resolve(groupName.replaceAll("[^A-Za-z0-9_.-]", "_"));
        try {
            Files.createDirectories(group);
            Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
            long quotaMicros = Math.max(1_000, millicores * PERIOD_MICROS / 1000);
            Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros));
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
            return Optional.of(group);
        } catch (IOException e) {
            release(group);
            return Optional.empty();
        }
    }

    /** Removes an emptied group (the kernel refuses while a process is still in it). */
    void release(Path group) {
        try {
            Files.deleteIfExists(group);
        } catch (IOException ignored) {
            // still busy or already gone: a leftover empty group is harmless
        }
    }
}
