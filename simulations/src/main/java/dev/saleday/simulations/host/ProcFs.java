package dev.saleday.simulations.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Linux kernel's accounting as files: {@code /proc/stat}, {@code /proc/pressure/cpu}, {@code /proc/meminfo},
 * {@code /proc/PID/stat}, {@code /proc/PID/task/TID/schedstat}, {@code /proc/PID/cgroup} and the cgroup's {@code cpu.stat}. Every read
 * answers empty when its file is missing or unreadable (not Linux, a kernel without PSI or schedstat, a process
 * that exited): a missing source is recorded as missing, it never fails a run. The root is injectable, so tests
 * read fixture trees.
 */
public final class ProcFs {

    /** Jiffies of {@code /proc/stat}'s first line: busy (everything but idle and iowait, steal included) and all. */
    public record CpuTicks(long busy, long total) {
    }

    /** One thread's scheduler accounting: CPU time it ran, and time it was runnable but waited for a CPU. */
    public record TaskSched(long cpuNanos, long waitNanos) {
    }

    /**
     * One process of {@code /proc/PID/stat}: its parent, its nice value and the CPU it has used.
     *
     * @param cpuTicks user + system time, in the kernel's clock ticks ({@code USER_HZ}, 100 a second on Linux)
     * @param kernel   a kernel thread (kthreadd or its child): it runs on behalf of everyone
     */
    public record ProcStat(long pid, long ppid, int nice, long cpuTicks, boolean kernel, Autogroup autogroup) {
        /** A process read without its autogroup (autogroups off or unreadable). */
        public ProcStat(long pid, long ppid, int nice, long cpuTicks, boolean kernel) {
            this(pid, ppid, nice, cpuTicks, kernel, null);
        }

        ProcStat withAutogroup(Autogroup group) {
            return new ProcStat(pid, ppid, nice, cpuTicks, kernel, group);
        }
    }

    /**
     * The scheduler's automatic task group of a process ({@code /proc/PID/autogroup}: {@code /autogroup-25 nice 0}):
     * one per session ({@code setsid}). With autogroups on, the CPU is shared between the groups by their own nice
     * value, and a process's nice value counts only against the processes of its group (man 7 sched, "The autogroup
     * feature"). A process of no session group (init's, or one whose ancestors never called {@code setsid}: a
     * container's or a CI runner's processes often) is {@link #ROOT}: it competes at the top level by its own nice
     * value, as a group does by the group's (kernel/sched/autogroup.c: such a process shows an empty file).
     */
    public record Autogroup(long id, int nice) {
        /** The root task group; the kernel numbers session groups from 1. */
        public static final Autogroup ROOT = new Autogroup(0, 0);

        public boolean root() {
            return id == 0;
        }
    }

    /** Clock ticks a second of {@code /proc/PID/stat}'s times ({@code USER_HZ}: 100 on every Linux ABI). */
    public static final long TICKS_PER_SECOND = 100;

    private final Path root;

    /** @param root the file system root holding {@code proc/} and {@code sys/fs/cgroup/} */
    public ProcFs(Path root) {
        this.root = root;
    }

    public static ProcFs system() {
        return new ProcFs(Path.of("/"));
    }

    /** @return the host's cumulative CPU ticks, all CPUs together */
    public Optional<CpuTicks> cpuTicks() {
        return firstLine(root.resolve("proc/stat")).flatMap(line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[0].equals("cpu")) {
                return Optional.empty();
            }
            // user nice system idle iowait irq softirq steal (guest and guest_nice are inside user and nice)
            long total = 0;
            long idle = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                long value = parse(f[i]);
                if (value < 0) {
                    return Optional.empty();
                }
                total += value;
                if (i == 4 || i == 5) {
                    idle += value;
                }
            }
            return Optional.of(new CpuTicks(total - idle, total));
        });
    }

    /** @return the time since boot of {@code /proc/uptime}, in clock ticks ({@link #TICKS_PER_SECOND}) */
    public OptionalLong uptimeTicks() {
        return firstLine(root.resolve("proc/uptime")).map(line -> {
            String[] f = line.trim().split("\\s+");
            try {
                return OptionalLong.of(Math.round(Double.parseDouble(f[0]) * TICKS_PER_SECOND));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }).orElse(OptionalLong.empty());
    }

    /**
     * @return when the process started, in clock ticks since boot ({@code /proc/PID/stat}'s {@code starttime}, the
     *         same clock as {@link #uptimeTicks()}); empty when it is gone or unreadable
     */
    public OptionalLong startTicks(long pid) {
        return firstLine(root.resolve("proc/" + pid + "/stat")).map(line -> {
            int close = line.lastIndexOf(')');
            String[] f = close < 0 ? new String[0] : line.substring(close + 1).trim().split("\\s+");
            long start = f.length > 19 ? parse(f[19]) : -1;
            return start < 0 ? OptionalLong.empty() : OptionalLong.of(start);
        }).orElse(OptionalLong.empty());
    }

    /** @return the cumulative µs some runnable task waited for a CPU (PSI {@code some total}) */
    public OptionalLong cpuPressureSomeMicros() {
        for (String line : lines(root.resolve("proc/pressure/cpu"))) {
            if (line.startsWith("some ")) {
                for (String field : line.split("\\s+")) {
                    if (field.startsWith("total=")) {
                        long value = parse(field.substring("total=".length()));
                        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
                    }
                }
            }
        }
        return OptionalLong.empty();
    }

    /** @return MemAvailable of {@code /proc/meminfo}, kB */
    public OptionalLong memAvailableKb() {
        for (String line : lines(root.resolve("proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                String[] f = line.trim().split("\\s+");
                long value = f.length >= 2 ? parse(f[1]) : -1;
                return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
            }
        }
        return OptionalLong.empty();
    }

    /** @return each live thread of the process (by thread id) and its scheduler accounting; empty if none readable */
    public Optional<Map<Long, TaskSched>> taskSched(long pid) {
        Path tasks = root.resolve("proc/" + pid + "/task");
        if (!Files.isDirectory(tasks)) {
            return Optional.empty();
        }
        Map<Long, TaskSched> threads = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path dir : dirs) {
                long tid = parse(dir.getFileName().toString());
                if (tid < 0) {
                    continue;
                }
                firstLine(dir.resolve("schedstat")).ifPresent(line -> {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 2 && parse(f[0]) >= 0 && parse(f[1]) >= 0) {
                        threads.put(tid, new TaskSched(parse(f[0]), parse(f[1])));
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process exited while being read
        }
        return threads.isEmpty() ? Optional.empty() : Optional.of(threads);
    }

    /**
     * @return every process of {@code /proc} now (by pid) with its parent, nice value and CPU time; empty when
     *         {@code /proc} cannot be listed
     */
    public Optional<Map<Long, ProcStat>> processes() {
        Path proc = root.resolve("proc");
        Map<Long, ProcStat> processes = new HashMap<>();
        boolean autogroups = autogroupsEnabled();
        V2CpuGroups v2 = autogroups ? v2CpuGroups() : null;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path dir : dirs) {
                long pid = parse(dir.getFileName().toString());
                if (pid <= 0) {
                    continue;
                }
                firstLine(dir.resolve("stat")).flatMap(line -> procStat(pid, line))
                        .map(stat -> autogroups && inRootCpuGroup(dir, v2)
                                ? stat.withAutogroup(autogroup(dir).orElse(null)) : stat)
                        .ifPresent(stat -> processes.put(pid, stat));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return processes.isEmpty() ? Optional.empty() : Optional.of(processes);
    }

    /** @return whether the kernel groups processes by session ({@code /proc/sys/kernel/sched_autogroup_enabled}) */
    public boolean autogroupsEnabled() {
        return firstLine(root.resolve("proc/sys/kernel/sched_autogroup_enabled")).map(String::trim)
                .filter("1"::equals).isPresent();
    }

    /**
     * {@code /autogroup-25 nice 0}, or {@link Autogroup#ROOT} for an empty file; empty when absent or unreadable (a
     * process gone).
     */
    static Optional<Autogroup> autogroup(Path processDir) {
        return readLines(processDir.resolve("autogroup"))
                .flatMap(lines -> lines.isEmpty() ? Optional.of(Autogroup.ROOT) : autogroup(lines.get(0)));
    }

    /**
     * Autogroups place only the processes of the root cpu cgroup (kernel/sched/autogroup.c, task_wants_autogroup):
     * a process in a cgroup of its own, a container's, is scheduled by that cgroup, its session aside. cgroup v1
     * names the cpu controller's group; on v2's single hierarchy a group counts when the cpu controller is on below
     * the root.
     */
    private static boolean inRootCpuGroup(Path processDir, V2CpuGroups v2) {
        String v2Path = null;
        for (String line : lines(processDir.resolve("cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (List.of(f[1].split(",")).contains("cpu")) {
                return f[2].equals("/");
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2Path = f[2];
            }
        }
        if (v2Path == null) {
            return true;
        }
        return !v2.visibleRootIsAGroup() && (v2Path.equals("/") || !v2.cpuControllerBelowRoot());
    }

    /**
     * @param visibleRootIsAGroup    the visible root has a {@code cpu.weight}, which the real root has not: a cgroup
     *                               namespace, a container's, shows its own group as "/"
     * @param cpuControllerBelowRoot the root's {@code cgroup.subtree_control} turns the cpu controller on
     */
    private record V2CpuGroups(boolean visibleRootIsAGroup, boolean cpuControllerBelowRoot) {
    }

    private V2CpuGroups v2CpuGroups() {
        Path cgroups = root.resolve("sys/fs/cgroup");
        return new V2CpuGroups(Files.exists(cgroups.resolve("cpu.weight")),
                lines(cgroups.resolve("cgroup.subtree_control")).stream()
                        .anyMatch(line -> List.of(line.trim().split("\\s+")).contains("cpu")));
    }

    static Optional<Autogroup> autogroup(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 3 || !f[0].startsWith("/autogroup-") || !f[1].equals("nice")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Autogroup(Long.parseLong(f[0].substring("/autogroup-".length())),
                    Integer.parseInt(f[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code pid (comm) state ppid ... utime stime ... nice}: comm may hold spaces and parentheses. */
    static Optional<ProcStat> procStat(long pid, String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] f = line.substring(close + 1).trim().split("\\s+");
        if (f.length < 17) {
            return Optional.empty();
        }
        long ppid = parse(f[1]);
        long utime = parse(f[11]);
        long stime = parse(f[12]);
        long nice;
        try {
            nice = Long.parseLong(f[16]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (ppid < 0 || utime < 0 || stime < 0) {
            return Optional.empty();
        }
        return Optional.of(new ProcStat(pid, ppid, (int) nice, utime + stime, pid == 2 || ppid == 2));
    }

    /**
     * @return the cumulative ns the kernel throttled the process's cpu cgroup (CFS quota): cgroup v1
     *         {@code cpu.stat throttled_time}, v2 {@code throttled_usec}; empty when the process is in no group with
     *         a quota file
     */
    public OptionalLong throttledNanos(long pid) {
        for (String line : lines(root.resolve("proc/" + pid + "/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            String relative = f[2].startsWith("/") ? f[2].substring(1) : f[2];
            if (f[0].equals("0") && f[1].isEmpty()) {
                OptionalLong v2 = statField(root.resolve("sys/fs/cgroup").resolve(relative), "throttled_usec");
                if (v2.isPresent() && !relative.isEmpty()) {
                    return OptionalLong.of(v2.getAsLong() * 1000);
                }
                continue;
            }
            if (!List.of(f[1].split(",")).contains("cpu") || relative.isEmpty()) {
                continue; // the root group has no quota
            }
            for (String mount : List.of(f[1], "cpu", "cpu,cpuacct", "cpuacct,cpu")) {
                OptionalLong v1 = statField(root.resolve("sys/fs/cgroup").resolve(mount).resolve(relative),
                        "throttled_time");
                if (v1.isPresent()) {
                    return v1;
                }
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong statField(Path group, String field) {
        for (String line : lines(group.resolve("cpu.stat"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equals(field)) {
                long value = parse(f[1]);
                return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
            }
        }
        return OptionalLong.empty();
    }

    private static Optional<String> firstLine(Path file) {
        List<String> lines = lines(file);
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0));
    }

    private static List<String> lines(Path file) {
        return readLines(file).orElse(List.of());
    }

    /** @return the file's lines, empty when it is missing or unreadable (an empty file gives an empty list) */
    private static Optional<List<String>> readLines(Path file) {
        try {
            return Optional.of(Files.readAllLines(file, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long parse(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
