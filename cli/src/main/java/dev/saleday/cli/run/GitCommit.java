package dev.saleday.cli.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The commit of the saleday checkout the run came from, read from .git (no git process), or null. */
final class GitCommit {

    private GitCommit() {
    }

    static String current() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path head = dir.resolve(".git").resolve("HEAD");
            if (Files.isRegularFile(head)) {
                return read(dir.resolve(".git"), head);
            }
        }
        return null;
    }

    private static String read(Path git, Path head) {
        try {
            String text = Files.readString(head, StandardCharsets.UTF_8).trim();
            if (!text.startsWith("ref: ")) {
                return shorten(text);
            }
            String ref = text.substring(5);
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return shorten(Files.readString(loose, StandardCharsets.UTF_8).trim());
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    if (line.endsWith(" " + ref)) {
                        return shorten(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String shorten(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
