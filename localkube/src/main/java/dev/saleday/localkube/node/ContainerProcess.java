package dev.saleday.localkube.node;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One container's main process, started through a small {@code /bin/sh} wrapper that guarantees it never outlives
 * the JVM that started it:
 * <ul>
 *   <li>the container runs in its own session ({@code setsid}), so signals reach its whole process group;</li>
 *   <li>a watchdog subshell blocks reading the wrapper's stdin, a pipe from this JVM. When this JVM dies, even by
 *       {@code kill -9}, the kernel closes the pipe, the read returns, and the watchdog sends SIGKILL to the
 *       container's group. {@link #kill()} uses the same path (it closes the pipe);</li>
 *   <li>SIGTERM to the wrapper ({@link #terminate()}) is forwarded to the container's group;</li>
 *   <li>the wrapper exits with the container's exit code (143 after SIGTERM, 137 after SIGKILL).</li>
 * </ul>
 * Every live instance is also killed by a JVM shutdown hook. Its stdout and stderr are pipes read by two
 * {@link LogPump}s into the container's CRI log file; {@link #exit()} completes once they have read the pipes to
 * their end (as containerd reports an exit after the container's output is in the log), or
 * {@value #LOG_DRAIN_MILLIS} ms after the wrapper exited when a process the container left behind holds them open.
 */
final class ContainerProcess {

    /** $1 = pid file; the rest is the container's argv. */
    private static final String WRAPPER = String.join("\n",
            "pidfile=$1; shift",
            "pid=",
            "trap '[ -n \"$pid\" ] && { kill -TERM -$pid 2>/dev/null || kill -TERM $pid 2>/dev/null; }' TERM",
            "trap '[ -n \"$pid\" ] && { kill -INT -$pid 2>/dev/null || kill -INT $pid 2>/dev/null; }' INT",
            "exec 3<&0",
            "if command -v setsid >/dev/null 2>&1; then setsid \"$@\" 3<&- </dev/null & else \"$@\" 3<&- </dev/null & fi",
            "pid=$!",
            "echo $pid > \"$pidfile.tmp\" && mv \"$pidfile.tmp\" \"$pidfile\"",
            "( read _ignored <&3; kill -9 -$pid 2>/dev/null || kill -9 $pid 2>/dev/null ) &",
            "watchdog=$!",
            "exec 3<&- 2>/dev/null",
            "while :; do",
            "  wait $pid; code=$?",
            "  kill -0 $pid 2>/dev/null || break",
            "done",
            "kill $watchdog 2>/dev/null",
            "exit $code");
    private static final Duration PID_FILE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WRAPPER_EXIT_TIMEOUT = Duration.ofSeconds(2);
    static final long LOG_DRAIN_MILLIS = 2_000;
    private static final Set<ContainerProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ContainerProcess::kill),
                "localkube-kill-containers"));
    }

    private final Process wrapper;
    private final long pid;
    private final Instant startedAt;
    private final CompletableFuture<Integer> exit;

    private ContainerProcess(Process wrapper, long pid, Instant startedAt, CompletableFuture<Void> logsDrained) {
        this.wrapper = wrapper;
        this.pid = pid;
        this.startedAt = startedAt;
        this.exit = wrapper.onExit().thenCompose(exited -> logsDrained.copy()
                        .completeOnTimeout(null, LOG_DRAIN_MILLIS, TimeUnit.MILLISECONDS))
                .thenApply(drained -> wrapper.exitValue());
        exit.whenComplete((code, error) -> LIVE.remove(this));
    }

    /**
     * Starts {@code command} with exactly {@code env} (plus PATH), its output written to {@code log} (closed once
     * both streams have ended).
     *
     * @param pidFile where the wrapper writes the container's pid (deleted once read)
     */
    static ContainerProcess start(List<String> command, Map<String, String> env, ContainerLogFile log, Path pidFile)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "localkube-container",
                pidFile.toString()));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> environment = builder.environment();
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.clear();
        environment.put("PATH", path);
        environment.putAll(env);
        Files.deleteIfExists(pidFile);
        Instant startedAt = Instant.now();
        Process wrapper = builder.start();
        CompletableFuture<Void> logsDrained = CompletableFuture.allOf(
                pump(wrapper.getInputStream(), false, log), pump(wrapper.getErrorStream(), true, log));
        logsDrained.whenComplete((done, error) -> {
            try {
                log.close();
            } catch (IOException ignored) {
                // nothing more will be written
            }
        });
        long pid = readPid(wrapper, pidFile);
        ContainerProcess process = new ContainerProcess(wrapper, pid, startedAt, logsDrained);
        LIVE.add(process);
        if (!wrapper.isAlive()) {
            LIVE.remove(process);
        }
        return process;
    }

    private static CompletableFuture<Void> pump(java.io.InputStream stream, boolean stderr, ContainerLogFile log) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        LogPump pump = new LogPump(stream, stderr, log, java.time.Clock.systemUTC());
        Thread thread = new Thread(() -> {
            try {
                pump.run();
            } finally {
                done.complete(null);
            }
        }, "container-log " + log.path() + (stderr ? " stderr" : " stdout"));
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    private static long readPid(Process wrapper, Path pidFile) throws IOException {
        long deadline = System.nanoTime() + PID_FILE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).trim();
                if (!text.isEmpty()) {
                    Files.deleteIfExists(pidFile);
                    return Long.parseLong(text);
                }
            }
            if (!wrapper.isAlive()) {
                return wrapper.pid();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        wrapper.destroyForcibly();
        throw new IOException("container wrapper did not report its pid within " + PID_FILE_TIMEOUT);
    }

    /** The container's main process id (not the wrapper's). */
    long pid() {
        return pid;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Completes with the exit code when the container has exited. */
    CompletableFuture<Integer> exit() {
        return exit;
    }

    boolean isAlive() {
        return wrapper.isAlive();
    }

    /** SIGTERM to the container's process group (through the wrapper's trap). */
    void terminate() {
        // Not Process.destroy(): it also closes our end of the stdin pipe, which the watchdog takes for SIGKILL.
        if (wrapper.isAlive()) {
            wrapper.toHandle().destroy();
        }
    }

    /**
     * SIGKILL to the container and its descendants; the wrapper then exits by itself with 137 (it is killed too if
     * it has not within {@link #WRAPPER_EXIT_TIMEOUT}). Safe to call more than once.
     */
    void kill() {
        try {
            OutputStream stdin = wrapper.getOutputStream();
            stdin.close();
        } catch (IOException ignored) {
            // the watchdog sees EOF either way
        }
        Optional<ProcessHandle> container = ProcessHandle.of(pid);
        container.ifPresent(handle -> {
            // Descendants are listed before the container dies (then they are re-parented and out of reach), but
            // killed after it: a shell container whose children die first could exit 0 before its SIGKILL lands.
            List<ProcessHandle> descendants = handle.descendants().toList();
            handle.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        });
        // Let the wrapper reap the container first, so exit() completes only once the container is gone.
        container.map(ProcessHandle::onExit).orElse(CompletableFuture.completedFuture(null))
                .completeOnTimeout(null, WRAPPER_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> {
                    if (wrapper.isAlive()) {
                        wrapper.destroyForcibly();
                    }
                });
    }

    /** CPU time used so far by the container and its live descendants. */
    Duration cpuTime() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return Duration.ZERO;
        }
        Duration total = handle.get().info().totalCpuDuration().orElse(Duration.ZERO);
        for (ProcessHandle child : (Iterable<ProcessHandle>) handle.get().descendants()::iterator) {
            total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return total;
    }
}
