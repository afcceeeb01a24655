package dev.saleday.localkube.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's resident memory (VmRSS of {@code /proc/PID/status}), what metrics-server reports as working set. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** @return the resident bytes of {@code pid}, empty where /proc has no such process (gone, or not Linux) */
    static OptionalLong residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended between the look-up and the read
        }
        return OptionalLong.empty();
    }
}
