package dev.saleday.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code host.jsonl}: one {@link HostSample} a second from the start of the load, after a {@link Header}. Written by
 * the host recorder (simulations), read by the analysis (the host headroom rule, the host chart). Spec:
 * docs/RECORDS.md.
 */
public final class HostFile {

    /**
     * Version 2 adds {@code contendingCpuMsPerS}, version 3 {@code cpuProbeUs}; older versions are read with them null
     * and empty.
     */
    public static final RecordFormat FORMAT = new RecordFormat("host.jsonl", "saleday.host", 3);
    public static final String FILE_NAME = FORMAT.fileName();

    /**
     * The first line.
     *
     * @param loadStartMs epoch ms the load started (the first reading)
     * @param cores       CPUs the host offers
     * @param injectorPid the injector JVM's process id
     */
    public record Header(String format, int version, long loadStartMs, int cores, long injectorPid) {
        public Header(long loadStartMs, int cores, long injectorPid) {
            this(FORMAT.name(), FORMAT.version(), loadStartMs, cores, injectorPid);
        }
    }

    private HostFile() {
    }

    /** Creates (or truncates) {@code runDir/host.jsonl} and writes its header; write {@link HostSample}s. */
    public static JsonLinesWriter create(Path runDir, Header header) {
        return JsonLinesWriter.create(runDir.resolve(FILE_NAME), header);
    }

    /** @throws RecordException on a foreign header, an unknown version, or a broken line before the last */
    public static JsonLinesReader.Result read(Path file, Consumer<HostSample> sink) {
        return JsonLinesReader.read(file, FORMAT, (node, line) -> {
            List<HostSample.Pod> pods = new ArrayList<>();
            for (JsonNode pod : node.path("pods")) {
                pods.add(new HostSample.Pod(JsonFields.text(pod, "pod"), pod.path("pid").asLong(),
                        decimal(pod, "cpuMsPerS"), decimal(pod, "waitMsPerS"), JsonFields.number(pod, "limitMillicores"),
                        decimal(pod, "throttledMsPerS")));
            }
            JsonNode injector = node.get("injector");
            List<Double> probe = new ArrayList<>();
            for (JsonNode reading : node.path("cpuProbeUs")) {
                probe.add(reading.isNumber() ? reading.asDouble() : null);
            }
            sink.accept(new HostSample(node.path("t").asLong(), node.path("spanMs").asLong(1000),
                    decimal(node, "cpuBusy"), decimal(node, "cpuPressure"), JsonFields.number(node, "memAvailableMb"),
                    decimal(node, "contendingCpuMsPerS"),
                    injector == null || !injector.isObject() ? null : new HostSample.Injector(
                            injector.path("pid").asLong(), decimal(injector, "cpuMsPerS"),
                            decimal(injector, "waitMsPerS"), decimal(injector, "gcPauseMsPerS")), pods, probe));
        });
    }

    private static Double decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? null : value.asDouble();
    }
}
