package dev.saleday.localkube.kubectl;

import dev.saleday.localkube.apply.Manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real kubectl binary, run against a kubeconfig; each call returns stdout and fails the test on a non-zero exit. */
record Kubectl(Path binary, Path kubeconfig) {

    /** The kubectl on the PATH, or null. */
    static Kubectl find(Path kubeconfig) {
        return Manifests.kubectl().map(path -> new Kubectl(path, kubeconfig)).orElse(null);
    }

    /** What one run printed. */
    record Result(int exitCode, String out, String err) {
    }

    String run(String... args) {
        Result result = attempt(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + result.exitCode() + ": "
                    + result.err() + result.out());
        }
        return result.out();
    }

    Result attempt(String... args) {
        return attemptWithInput(new byte[0], args);
    }

    /**
     * Runs kubectl on a terminal of its own (util-linux's {@code script} allocates it), as a user types
     * {@code kubectl exec -it}; what the terminal showed comes back as {@code out}.
     */
    Result attemptOnTerminal(String... args) {
        StringBuilder line = new StringBuilder();
        List<String> words = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        words.addAll(List.of(args));
        for (String word : words) {
            line.append(line.isEmpty() ? "" : " ").append("'").append(word.replace("'", "'\\''")).append("'");
        }
        try {
            Process process = new ProcessBuilder("script", "-qec", line.toString(), "/dev/null")
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), "");
        } catch (IOException e) {
            throw new AssertionError("cannot run script: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs kubectl with {@code input} on its standard input (then its end). */
    Result attemptWithInput(byte[] input, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input);
            }
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The client's minor version (20 for Debian's kubernetes-client 1.20, 32 for kubectl 1.32). */
    int minorVersion() {
        String json = run("version", "--client", "-o", "json");
        java.util.regex.Matcher minor = java.util.regex.Pattern.compile("\"minor\"\\s*:\\s*\"(\\d+)").matcher(json);
        if (!minor.find()) {
            throw new AssertionError("no minor version in " + json);
        }
        return Integer.parseInt(minor.group(1));
    }

    /** Starts kubectl without waiting (e.g. {@code logs -f}); stdout and stderr merged. */
    Process start(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl: " + e.getMessage(), e);
        }
    }

    /** A kubeconfig for an API server URL, written into {@code dir}. */
    static Path kubeconfig(Path dir, String serverUrl) {
        try {
            return java.nio.file.Files.writeString(dir.resolve("kubeconfig"), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: test
                      cluster:
                        server: %s
                    users:
                    - name: test
                      user:
                        token: test
                    contexts:
                    - name: test
                      context:
                        cluster: test
                        user: test
                        namespace: default
                    current-context: test
                    """.formatted(serverUrl));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The header line's columns of a table kubectl printed, split on runs of 2+ spaces. */
    static List<String> header(String table) {
        return List.of(table.lines().findFirst().orElse("").trim().split("\\s{2,}"));
    }

    /** The row whose first cell is {@code name}, split as the header is. */
    static List<String> row(String table, String name) {
        return table.lines().skip(1).map(line -> List.of(line.trim().split("\\s{2,}")))
                .filter(cells -> cells.get(0).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table));
    }
}
