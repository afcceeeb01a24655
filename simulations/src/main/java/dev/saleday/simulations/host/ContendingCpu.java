package dev.saleday.simulations.host;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CPU other processes took between two reads of {@code /proc} at a priority that does not yield to ours: a
 * process counts when it is not a kernel thread, it is in none of our process trees (the injector and its children,
 * each local pod and its children), and the scheduler does not rank it below the injector: its nice value is at most
 * the injector's, or, with autogroups on and the process in another session's group, that group's nice value is at
 * most the injector's group's (a process of no session group, the root task group, counts by its own nice value at
 * that level: a CI runner's processes often are). A busy job at normal priority contends with our processes for every CPU slice; the
 * same job under {@code nice -n 19} in our session takes only what they leave, but in a session of its own (another
 * terminal, a CI runner's other job) its group gets an equal share whatever its nice value (man 7 sched, "The
 * autogroup feature": the nice value counts only within the group). A process that started since the previous read
 * counts whole; one that ended since is missed.
 */
final class ContendingCpu {

    private Map<Long, ProcFs.ProcStat> previous;

    /**
     * @param now      every process now, empty when {@code /proc} could not be read
     * @param ourRoots the roots of our process trees (the injector first)
     * @return the contending CPU since the previous read, ms; empty on the first read or when unreadable
     */
    Optional<Double> advance(Optional<Map<Long, ProcFs.ProcStat>> now, List<Long> ourRoots) {
        if (now.isEmpty()) {
            previous = null;
            return Optional.empty();
        }
        Map<Long, ProcFs.ProcStat> before = previous;
        previous = now.get();
        if (before == null || ourRoots.isEmpty() || !now.get().containsKey(ourRoots.get(0))) {
            return Optional.empty();
        }
        ProcFs.ProcStat injector = now.get().get(ourRoots.get(0));
        Set<Long> ours = trees(now.get().values(), ourRoots);
        long ticks = 0;
        for (ProcFs.ProcStat process : now.get().values()) {
            if (process.kernel() || ours.contains(process.pid()) || yields(process, injector)) {
                continue;
            }
            ProcFs.ProcStat earlier = before.get(process.pid());
            ticks += Math.max(0, process.cpuTicks() - (earlier == null ? 0 : earlier.cpuTicks()));
        }
        return Optional.of(ticks * 1000.0 / ProcFs.TICKS_PER_SECOND);
    }

    /** @return whether the scheduler gives {@code process} only what {@code injector} leaves */
    static boolean yields(ProcFs.ProcStat process, ProcFs.ProcStat injector) {
        ProcFs.Autogroup theirs = process.autogroup();
        ProcFs.Autogroup ours = injector.autogroup();
        if (theirs != null && ours != null && theirs.id() != ours.id()) {
            return topLevelNice(process) > topLevelNice(injector);
        }
        return process.nice() > injector.nice();
    }

    /** A session group competes at the top level by the group's nice value, a process of the root group by its own. */
    private static int topLevelNice(ProcFs.ProcStat process) {
        return process.autogroup().root() ? process.nice() : process.autogroup().nice();
    }

    /** @return the roots and all their descendants */
    static Set<Long> trees(Collection<ProcFs.ProcStat> processes, List<Long> roots) {
        Map<Long, List<Long>> children = new HashMap<>();
        for (ProcFs.ProcStat process : processes) {
            children.computeIfAbsent(process.ppid(), k -> new java.util.ArrayList<>()).add(process.pid());
        }
        Set<Long> tree = new HashSet<>();
        Deque<Long> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            long pid = pending.pop();
            if (tree.add(pid)) {
                pending.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return tree;
    }
}
