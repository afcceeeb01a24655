package dev.saleday.reports.render;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Allure's command-line distribution ({@code io.qameta.allure:allure-commandline}, a zip on Maven Central), run in
 * a child JVM to turn {@code allure-results/} into one self-contained HTML file.
 *
 * <p>Where it is looked for, first hit wins:
 * <ol>
 *   <li>system property {@value #HOME_PROPERTY}, then environment variable {@value #HOME_ENV}: an unpacked
 *       distribution (the folder holding {@code lib/});</li>
 *   <li>the zip in the local Maven repository ({@code ~/.m2/repository/io/qameta/allure/allure-commandline/VERSION/}),
 *       put there by any build of the reports module; unpacked once into {@code ~/.cache/saleday/allure-VERSION}.</li>
 * </ol>
 * The distribution is started as {@code java -cp lib/*:lib/config io.qameta.allure.CommandLine}, with the JVM
 * running saleday, so no shell script, execute bit or JAVA_HOME is needed.
 */
public final class AllureCommandLine {

    /** The pinned distribution; keep in step with {@code allure-commandline.version} in reports/pom.xml. */
    public static final String VERSION = "2.34.1";
    public static final String HOME_PROPERTY = "saleday.allure.home";
    public static final String HOME_ENV = "SALEDAY_ALLURE_HOME";

    private final Path home;

    private AllureCommandLine(Path home) {
        this.home = home;
    }

    /** A distribution unpacked at {@code home} (the folder that holds {@code lib/}). */
    public static AllureCommandLine at(Path home) {
        if (!Files.isDirectory(home.resolve("lib"))) {
            throw new IllegalArgumentException("not an Allure command-line distribution (no lib/ folder): " + home);
        }
        return new AllureCommandLine(home);
    }

    /** The distribution found by the search described above, or empty when there is none. */
    public static Optional<AllureCommandLine> locate() {
        return locate(System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV), Path.of(System.getProperty("user.home")));
    }

    static Optional<AllureCommandLine> locate(String homeProperty, String homeEnv, Path userHome) {
        for (String configured : new String[] {homeProperty, homeEnv}) {
            if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "lib"))) {
                return Optional.of(new AllureCommandLine(Path.of(configured)));
            }
        }
        Path zip = userHome.resolve(Path.of(".m2", "repository", "io", "qameta", "allure", "allure-commandline", VERSION,
                "allure-commandline-" + VERSION + ".zip"));
        if (Files.isRegularFile(zip)) {
            Path cache = userHome.resolve(Path.of(".cache", "saleday"));
            Path unpacked = cache.resolve("allure-" + VERSION);
            if (!Files.isDirectory(unpacked.resolve("lib"))) {
                unzip(zip, cache);
            }
            if (Files.isDirectory(unpacked.resolve("lib"))) {
                return Optional.of(new AllureCommandLine(unpacked));
            }
        }
        return Optional.empty();
    }

    /** Where the distribution lives. */
    public Path home() {
        return home;
    }

    /**
     * Runs {@code allure generate --single-file --clean -o outputDir resultsDir}.
     *
     * @return the generated {@code index.html}
     * @throws IOException when the generator fails, times out or writes no index.html (its output is in the message)
     */
    public Path generate(Path resultsDir, Path outputDir, Duration timeout) throws IOException {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = home.resolve("lib") + "/*" + File.pathSeparator + home.resolve("lib").resolve("config");
        List<String> command = new ArrayList<>(List.of(javaBinary.toString(),
                // A short-lived tool: the C1 compiler alone starts faster on 2 cores.
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", classPath, "io.qameta.allure.CommandLine",
                "generate", "--single-file", "--clean", "-o", outputDir.toString(), resultsDir.toString()));
        Path log = Files.createTempFile("allure-generate", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Allure reads its config/ and plugins/ from APP_HOME (its launcher script sets it).
        builder.environment().put("APP_HOME", home.toString());
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("allure generate did not finish within " + timeout.toSeconds() + " s");
            }
            String output = Files.readString(log);
            Path index = outputDir.resolve("index.html");
            if (process.exitValue() != 0 || !Files.isRegularFile(index)) {
                throw new IOException("allure generate failed (exit " + process.exitValue() + "): " + output.strip());
            }
            return index;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for allure generate", e);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** Unpacks into a temporary sibling, then moves into place, so a half-unpacked folder is never used. */
    private static void unzip(Path zip, Path targetParent) {
        try {
            Files.createDirectories(targetParent);
            Path staging = Files.createTempDirectory(targetParent, "unpacking-");
            try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
                for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                    Path target = staging.resolve(entry.getName()).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("zip entry outside its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path unpacked = staging.resolve("allure-" + VERSION);
            try {
                Files.move(unpacked, targetParent.resolve("allure-" + VERSION), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raceOrExists) {
                // Another process unpacked it first: theirs is as good as ours.
            }
            deleteTree(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return "Allure " + VERSION + " at " + home;
    }

}
