package dev.saleday.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a plan's provider hook through {@code sh -c}: it must exit 0 within {@link #TIMEOUT}. */
final class ProviderCommands {

    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ProviderCommands() {
    }

    /** @return the command's output (stdout and stderr, trimmed, at most 200 characters) */
    static String run(String command) {
        try {
            Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ChaosActionException("'" + command + "' did not end within " + TIMEOUT.toMinutes() + " min");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            text = text.length() > 200 ? text.substring(0, 200) + "..." : text;
            if (process.exitValue() != 0) {
                throw new ChaosActionException("'" + command + "' exited " + process.exitValue() + ": " + text);
            }
            return "'" + command + "' exited 0" + (text.isEmpty() ? "" : ": " + text);
        } catch (IOException e) {
            throw new ChaosActionException("cannot run '" + command + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChaosActionException("interrupted while running '" + command + "'");
        }
    }
}
