package dev.saleday.records;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes simulation.log in the binary format of Gatling {@link GatlingLogReader#SUPPORTED_GATLING_VERSION} (see
 * {@link GatlingLogReader}), for benchmarks and tests that need logs of a size or shape a real run cannot give
 * cheaply. Not for production runs: Gatling writes those.
 */
public final class GatlingLogWriter implements AutoCloseable {

    private final DataOutputStream out;
    private final long runStartMs;
    private final Map<String, Integer> stringCache = new HashMap<>();
    private int nextCacheIndex = 1; // 0 cannot be referenced (-0 == 0), as in Gatling

    private GatlingLogWriter(DataOutputStream out, long runStartMs) {
        this.out = out;
        this.runStartMs = runStartMs;
    }

    /** Creates (or replaces) {@code file} and writes the run record. */
    public static GatlingLogWriter create(Path file, String simulationClass, long runStartMs, List<String> scenarios)
            throws IOException {
        return create(file, GatlingLogReader.SUPPORTED_GATLING_VERSION, simulationClass, runStartMs, scenarios);
    }

    /** As {@link #create(Path, String, long, List)} with another version in the header (to test the check). */
    public static GatlingLogWriter create(Path file, String gatlingVersion, String simulationClass, long runStartMs,
                                         List<String> scenarios) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        GatlingLogWriter writer = new GatlingLogWriter(out, runStartMs);
        out.writeByte(0);
        writer.writeString(gatlingVersion);
        writer.writeString(simulationClass);
        out.writeLong(runStartMs);
        writer.writeString("");
        out.writeInt(scenarios.size());
        for (String scenario : scenarios) {
            writer.writeString(scenario);
        }
        out.writeInt(0);
        return writer;
    }

    /** Writes a request record; times are epoch ms. */
    public void request(String name, long startMs, long endMs, boolean ok, String message) throws IOException {
        out.writeByte(1);
        out.writeInt(0);
        writeCached(name);
        out.writeInt(Math.toIntExact(startMs - runStartMs));
        out.writeInt(Math.toIntExact(endMs - runStartMs));
        out.writeBoolean(ok);
        writeCached(message == null ? "" : message);
    }

    /** Writes a user start or end record. */
    public void user(int scenarioIndex, boolean start, long tMs) throws IOException {
        out.writeByte(2);
        out.writeInt(scenarioIndex);
        out.writeBoolean(start);
        out.writeInt(Math.toIntExact(tMs - runStartMs));
    }

    private void writeCached(String value) throws IOException {
        Integer index = stringCache.get(value);
        if (index != null) {
            out.writeInt(-index);
            return;
        }
        out.writeInt(nextCacheIndex);
        writeString(value);
        stringCache.put(value, nextCacheIndex++);
    }

    private void writeString(String value) throws IOException {
        if (value.isEmpty()) {
            out.writeInt(0);
            return;
        }
        boolean latin1 = value.chars().allMatch(c -> c < 256);
        byte[] bytes = value.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.writeByte(latin1 ? 0 : 1);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
