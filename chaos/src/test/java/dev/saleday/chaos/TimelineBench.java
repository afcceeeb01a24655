package dev.saleday.chaos;

import dev.saleday.records.TimelineWriter;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a recorder line costs the thread that writes it (an informer thread): {@link TimelineWriter#append} against
 * writing the same line straight to a synchronized BufferedWriter. Not a test; run:
 * {@code java -cp chaos/target/test-classes:chaos/target/classes:$(cat cp) dev.saleday.chaos.TimelineBench}.
 */
public final class TimelineBench {

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("timeline-bench");
        for (int round = 0; round < 3; round++) {
            double queued = queued(dir, lines);
            double buffered = direct(dir, lines, false);
            double flushed = direct(dir, lines, true);
            System.out.printf("round %d: TimelineWriter.append %.0f ns/line; synchronized BufferedWriter %.0f ns/line"
                            + " (ratio %.2f); same, flushed each line %.0f ns/line (ratio %.2f)%n",
                    round, queued, buffered, queued / buffered, flushed, queued / flushed);
        }
    }

    static Map<String, Object> sample(int i) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("t", System.currentTimeMillis());
        line.put("kind", "pod");
        line.put("event", "ready");
        line.put("pod", "recommendation-7d9f-" + i);
        line.put("node", "local-node-a");
        line.put("image", "saleday/recommendation:v1.0");
        line.put("version", "v1.0");
        line.put("restartCount", 0);
        return line;
    }

    static double queued(Path dir, int lines) throws Exception {
        try (TimelineWriter timeline = TimelineWriter.open(dir.resolve("q"), "bench")) {
            long start = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                timeline.append(sample(i));
            }
            return (System.nanoTime() - start) / (double) lines;
        }
    }

    static double direct(Path dir, int lines, boolean flushEachLine) throws Exception {
        Files.createDirectories(dir.resolve("d"));
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("d").resolve("timeline.jsonl"))) {
            long start = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                synchronized (out) {
                    out.write(ChaosJson.line(sample(i)));
                    out.write('\n');
                    if (flushEachLine) {
                        out.flush();
                    }
                }
            }
            return (System.nanoTime() - start) / (double) lines;
        }
    }
}
