package dev.saleday.reports.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} in headless mode, for looking at the HTML report as a person would: a screenshot and
 * the DOM after the scripts ran, with the console on stderr. Each call is one short-lived browser with its own
 * profile folder, killed (with its children) whatever happens.
 */
final class HeadlessChromium {

    /** Generous: a shared 2-core machine under load can take 30 s for one page. */
    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** @return Chromium when installed ({@code chromium} or {@code chromium-browser} on the PATH) */
    static Optional<HeadlessChromium> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** What a page did: its DOM after load (dump-dom) and what the browser logged. */
    record Result(String dom, String log, int exitCode) {
        /** Console messages the page logged, as Chromium writes them to stderr ({@code :CONSOLE(} lines). */
        List<String> consoleLines() {
            return log.lines().filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught")).toList();
        }
    }

    /** Loads the page, lets its scripts run, and returns the DOM and the log. */
    Result dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, "--dump-dom");
    }

    /**
     * Loads the page at {@code widthPx} x {@code heightPx}, lets its scripts run, writes a screenshot to
     * {@code png} and returns the DOM and the log: one browser start for both.
     */
    Result open(Path page, Path png, int widthPx, int heightPx) throws IOException, InterruptedException {
        return run(page, "--dump-dom", "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + widthPx + "," + heightPx, "--hide-scrollbars");
    }

    private Result run(Path page, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("saleday-chromium-");
        Path stdout = profile.resolve("stdout.txt");
        Path stderr = profile.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
                // No name resolves: a page that tried to fetch anything would fail loudly in the log.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + profile.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000", "--run-all-compositor-stages-before-draw"));
        command.addAll(List.of(extra));
        command.add(page.toAbsolutePath().toUri().toString());
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8), process.exitValue());
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
