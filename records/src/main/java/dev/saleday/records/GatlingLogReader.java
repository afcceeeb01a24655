package dev.saleday.records;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams Gatling 3.15.1's binary simulation.log (written by its {@code LogFileDataWriter}), without keeping any
 * request. The format, big-endian:
 * <pre>
 * file     = run record, then records until the end
 * record   = byte type, then by type:
 *   0 run     : string gatlingVersion, string simulationClass, long runStartEpochMs, string description,
 *               int n, n x string scenario, int m, m x (int length, length bytes pickled assertion)
 *   1 request : int g, g x cached group, cached name, int startOffsetMs, int endOffsetMs, byte ok, cached message
 *   2 user    : int scenarioIndex, byte start, int offsetMs
 *   3 group   : int g, g x cached group, int startOffsetMs, int endOffsetMs, int cumulatedResponseTimeMs, byte ok
 *   4 error   : cached message, int offsetMs
 * string   = int length; if length > 0: length bytes, then byte coder (0 Latin-1, 1 UTF-16LE)
 * cached   = int i; i >= 0: string, stored at index i; i < 0: the string stored at index -i
 * </pre>
 * The format changes between Gatling versions without a format number, so the header's Gatling version must be
 * {@link #SUPPORTED_GATLING_VERSION}. A file that ends inside a record is read up to its last whole record.
 */
public final class GatlingLogReader {

    /** The Gatling version whose log format this reader knows (the one saleday pins). */
    public static final String SUPPORTED_GATLING_VERSION = "3.15.1";
    /** The name Gatling gives its log, one per simulation run under {@code runDir/gatling/<simulation>-<ts>/}. */
    public static final String FILE_NAME = "simulation.log";

    private static final int BUFFER_BYTES = 1 << 16;
    private static final byte RUN = 0;
    private static final byte REQUEST = 1;
    private static final byte USER = 2;
    private static final byte GROUP = 3;
    private static final byte ERROR = 4;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long bufferStartOffset;
    private boolean endOfFile;
    private String[] strings = new String[64];

    private GatlingLogReader(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        buffer.limit(0);
    }

    /** @return every simulation.log under {@code runDir/gatling/}, in name order; empty when none */
    public static List<Path> simulationLogs(Path runDir) {
        Path gatling = runDir.resolve("gatling");
        List<Path> logs = new ArrayList<>();
        if (!Files.isDirectory(gatling)) {
            return logs;
        }
        try (var files = Files.walk(gatling, 3)) {
            files.filter(p -> p.getFileName().toString().equals(FILE_NAME)).forEach(logs::add);
        } catch (IOException e) {
            throw new RecordException(gatling, null, "cannot list: " + e.getMessage(), e);
        }
        logs.sort(null);
        return logs;
    }

    /**
     * Reads a whole simulation.log into {@code visitor}.
     *
     * @throws RecordException when the file is missing, is not a binary simulation.log, was written by another
     *                         Gatling version, or is corrupt (as opposed to truncated)
     */
    public static GatlingLogSummary read(Path file, GatlingLogVisitor visitor) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new GatlingLogReader(file, channel).readAll(visitor);
        } catch (IOException e) {
            throw new RecordException(file, null, "cannot read simulation.log: " + e.getMessage(), e);
        }
    }

    /** @return the header alone, checked as {@link #read} checks it */
    public static GatlingLogHeader readHeader(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            GatlingLogReader reader = new GatlingLogReader(file, channel);
            return reader.readHeaderRecord();
        } catch (EOFException e) {
            throw new RecordException(file, "byte 0", "simulation.log ends inside its run header");
        } catch (IOException e) {
            throw new RecordException(file, null, "cannot read simulation.log: " + e.getMessage(), e);
        }
    }

    /**
     * @return epoch ms of the first user start or request start in the file (where the load began), or the header's
     *         run start when the file has no event
     */
    public static long firstEventMs(Path file) {
        long[] first = {Long.MIN_VALUE};
        class Stop extends RuntimeException {
            Stop() {
                super(null, null, false, false);
            }
        }
        GatlingLogVisitor visitor = new GatlingLogVisitor() {
            @Override
            public void request(int nameIndex, long startMs, long endMs, boolean ok, int messageIndex) {
                first[0] = startMs;
                throw new Stop();
            }

            @Override
            public void user(int scenarioIndex, boolean start, long tMs) {
                first[0] = tMs;
                throw new Stop();
            }
        };
        try {
            GatlingLogSummary summary = read(file, visitor);
            return summary.header().runStartMs();
        } catch (Stop stop) {
            return first[0];
        }
    }

    private GatlingLogSummary readAll(GatlingLogVisitor visitor) throws IOException {
        GatlingLogHeader header;
        try {
            header = readHeaderRecord();
        } catch (EOFException e) {
            throw new RecordException(file, "byte 0", "simulation.log ends inside its run header");
        }
        visitor.header(header);
        long runStartMs = header.runStartMs();
        long requests = 0;
        long wholeRecordsEnd = position();
        boolean complete = true;
        while (true) {
            if (!ensure(1)) {
                break;
            }
            long recordStart = position();
            try {
                byte type = buffer.get();
                switch (type) {
                    case REQUEST -> {
                        skipGroups(visitor);
                        int name = cached(visitor);
                        ensureOrEof(9);
                        long start = runStartMs + buffer.getInt();
                        long end = runStartMs + buffer.getInt();
                        boolean ok = buffer.get() != 0;
                        int message = cached(visitor);
                        visitor.request(name, start, end, ok, message);
                        requests++;
                    }
                    case USER -> {
                        ensureOrEof(9);
                        int scenario = buffer.getInt();
                        boolean start = buffer.get() != 0;
                        visitor.user(scenario, start, runStartMs + buffer.getInt());
                    }
                    case GROUP -> {
                        skipGroups(visitor);
                        ensureOrEof(13);
                        long start = runStartMs + buffer.getInt();
                        long end = runStartMs + buffer.getInt();
                        int cumulated = buffer.getInt();
                        visitor.group(start, end, cumulated, buffer.get() != 0);
                    }
                    case ERROR -> {
                        int message = cached(visitor);
                        ensureOrEof(4);
                        visitor.error(message, runStartMs + buffer.getInt());
                    }
                    default -> throw new RecordException(file, "byte " + recordStart,
                            "unknown record type " + type + ": expected 1 (request), 2 (user), 3 (group) or 4 (error);"
                                    + " the file is corrupt or not from Gatling " + SUPPORTED_GATLING_VERSION);
                }
            } catch (EOFException e) {
                complete = false;
                break;
            }
            wholeRecordsEnd = position();
        }
        return new GatlingLogSummary(header, complete, requests, wholeRecordsEnd);
    }

    private GatlingLogHeader readHeaderRecord() throws IOException {
        ensureOrEof(1);
        byte type = buffer.get();
        if (type != RUN) {
            String hint = type == 'R' ? " (this looks like the text simulation.log of Gatling 3.11 or older)" : "";
            throw new RecordException(file, "byte 0", "not a binary Gatling simulation.log: expected the run record"
                    + " (type 0), found byte " + type + hint);
        }
        String version = plainString("the Gatling version");
        if (!SUPPORTED_GATLING_VERSION.equals(version)) {
            throw new RecordException(file, "byte 1", "simulation.log was written by Gatling " + version
                    + "; this saleday reads the log format of Gatling " + SUPPORTED_GATLING_VERSION
                    + " only (the format changes between versions). Run the load with Gatling "
                    + SUPPORTED_GATLING_VERSION + ".");
        }
        String simulationClass = plainString("the simulation class");
        ensureOrEof(8);
        long runStartMs = buffer.getLong();
        String description = plainString("the run description");
        ensureOrEof(4);
        int scenarioCount = buffer.getInt();
        checkCount(scenarioCount, "scenarios");
        List<String> scenarios = new ArrayList<>(scenarioCount);
        for (int i = 0; i < scenarioCount; i++) {
            scenarios.add(plainString("a scenario name"));
        }
        ensureOrEof(4);
        int assertionCount = buffer.getInt();
        checkCount(assertionCount, "assertions");
        for (int i = 0; i < assertionCount; i++) {
            ensureOrEof(4);
            int length = buffer.getInt();
            checkCount(length, "assertion bytes");
            skip(length);
        }
        return new GatlingLogHeader(version, simulationClass, runStartMs, description, scenarios);
    }

    private void skipGroups(GatlingLogVisitor visitor) throws IOException {
        ensureOrEof(4);
        int groups = buffer.getInt();
        checkCount(groups, "groups");
        for (int i = 0; i < groups; i++) {
            cached(visitor);
        }
    }

    /** @return the cache index of the string read (new or referenced) */
    private int cached(GatlingLogVisitor visitor) throws IOException {
        ensureOrEof(4);
        int index = buffer.getInt();
        if (index < 0) {
            int referenced = -index;
            if (referenced >= strings.length || strings[referenced] == null) {
                throw new RecordException(file, "byte " + (position() - 4),
                        "reference to cached string " + referenced + " that was never defined: the file is corrupt");
            }
            return referenced;
        }
        String value = plainString("a cached string");
        if (index >= strings.length) {
            strings = Arrays.copyOf(strings, Math.max(index + 1, strings.length * 2));
        }
        strings[index] = value;
        visitor.string(index, value);
        return index;
    }

    private String plainString(String what) throws IOException {
        ensureOrEof(4);
        int length = buffer.getInt();
        if (length == 0) {
            return "";
        }
        if (length < 0 || length > 16 * 1024 * 1024) {
            throw new RecordException(file, "byte " + (position() - 4),
                    "impossible length " + length + " for " + what + ": the file is corrupt");
        }
        byte[] bytes = new byte[length];
        int copied = 0;
        while (copied < length) {
            ensureOrEof(1);
            int n = Math.min(length - copied, buffer.remaining());
            buffer.get(bytes, copied, n);
            copied += n;
        }
        ensureOrEof(1);
        byte coder = buffer.get();
        return switch (coder) {
            case 0 -> new String(bytes, StandardCharsets.ISO_8859_1);
            case 1 -> new String(bytes, StandardCharsets.UTF_16LE);
            default -> throw new RecordException(file, "byte " + (position() - 1),
                    "unknown string coder " + coder + " for " + what + ": expected 0 (Latin-1) or 1 (UTF-16)");
        };
    }

    private void checkCount(int count, String what) {
        if (count < 0) {
            throw new RecordException(file, "byte " + (position() - 4),
                    "negative count " + count + " of " + what + ": the file is corrupt");
        }
    }

    private void skip(int bytes) throws IOException {
        int left = bytes;
        while (left > 0) {
            ensureOrEof(1);
            int n = Math.min(left, buffer.remaining());
            buffer.position(buffer.position() + n);
            left -= n;
        }
    }

    private long position() {
        return bufferStartOffset + buffer.position();
    }

    private void ensureOrEof(int bytes) throws IOException {
        if (!ensure(bytes)) {
            throw new EOFException();
        }
    }

    /** @return whether {@code bytes} bytes are buffered, reading more when needed; false at the end of the file */
    private boolean ensure(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return true;
        }
        while (buffer.remaining() < bytes && !endOfFile) {
            bufferStartOffset += buffer.position();
            buffer.compact();
            int read = channel.read(buffer);
            buffer.flip();
            if (read < 0) {
                endOfFile = true;
            }
        }
        return buffer.remaining() >= bytes;
    }
}
