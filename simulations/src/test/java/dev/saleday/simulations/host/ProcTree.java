package dev.saleday.simulations.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fixture root holding proc/ and sys/fs/cgroup/ files, rewritten between samples. */
final class ProcTree {

    final Path root;

    ProcTree(Path root) {
        this.root = root;
    }

    ProcTree file(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** /proc/stat with busy and idle jiffies split over user and idle, plus steal. */
    ProcTree stat(long user, long system, long idle, long iowait, long steal) {
        return file("proc/stat", "cpu  " + user + " 0 " + system + " " + idle + " " + iowait + " 0 0 " + steal
                + " 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1 2 3\n");
    }

    ProcTree pressure(long someTotalMicros) {
        return file("proc/pressure/cpu", "some avg10=1.00 avg60=2.00 avg300=3.00 total=" + someTotalMicros
                + "\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
    }

    ProcTree meminfo(long availableKb) {
        return file("proc/meminfo", "MemTotal:       24000000 kB\nMemFree:        1000 kB\nMemAvailable:   "
                + availableKb + " kB\n");
    }

    ProcTree thread(long pid, long tid, long cpuNanos, long waitNanos) {
        return file("proc/" + pid + "/task/" + tid + "/schedstat", cpuNanos + " " + waitNanos + " 42\n");
    }

    ProcTree noThread(long pid, long tid) {
        try {
            Files.deleteIfExists(root.resolve("proc/" + pid + "/task/" + tid + "/schedstat"));
            Files.deleteIfExists(root.resolve("proc/" + pid + "/task/" + tid));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** /proc/uptime: seconds since boot, as the kernel writes them (two decimals). */
    ProcTree uptime(String seconds) {
        return file("proc/uptime", seconds + " 1234.56\n");
    }

    /** /proc/PID/stat of a process started {@code startTicks} after boot (field 22), the rest as a real line. */
    ProcTree processStat(long pid, long startTicks) {
        return file("proc/" + pid + "/stat", pid + " (java) S 1 " + pid + " 1 0 -1 4194304 99 0 0 0 12 3 0 0 20 0 "
                + "31 0 " + startTicks + " 3133440 391 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    }
}
