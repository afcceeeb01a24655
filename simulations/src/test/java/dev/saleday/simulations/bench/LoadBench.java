package dev.saleday.simulations.bench;

import dev.saleday.plan.Traffic;
import dev.saleday.simulations.LoadListener;
import dev.saleday.simulations.LoadProgress;
import dev.saleday.simulations.LoadResult;
import dev.saleday.simulations.LoadRun;
import dev.saleday.simulations.LoadSettings;
import dev.saleday.simulations.PhaseCounts;
import dev.saleday.simulations.SteadySimulation;
import dev.saleday.simulations.probe.Prober;
import dev.saleday.simulations.probe.ProberSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast saleday's load can go on this machine, as ratios measured in one run against one trivial target
 * (a separate process): SaleDaySimulation with the prober on, plain Gatling with the same request, and wrk (closed
 * loop, as fast as it can) as the practical ceiling. For each rate, each injector runs {@code seconds}; a rate is
 * sustained when at least 95 % of the intended requests were answered OK. Prints a Markdown table.
 * <pre>
 * simulations/bench/load-bench.sh [rates=1000,2000,3000,4000,5000,6000] [seconds=10]
 * </pre>
 */
public final class LoadBench {

    private static final double SUSTAINED = 0.95;

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (String rate : (args.length > 0 ? args[0] : "1000,2000,3000,4000,5000,6000").split(",")) {
            rates.add(Double.parseDouble(rate));
        }
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        Path work = Files.createTempDirectory("saleday-bench");
        Process target = startTarget(work);
        Runtime.getRuntime().addShutdownHook(new Thread(target::destroyForcibly)); // also on Ctrl-C
        try {
            URI url = URI.create("http://127.0.0.1:" + readPort(target));
            System.out.printf(Locale.ROOT, "target %s, %d s per run, load average at start %.1f%n", url, seconds, loadAverage());
            // Warm-up: both injectors share the JVM; the first Gatling run pays class loading and JIT for both.
            plain(url, rates.get(0), 3, work.resolve("warm-up"));
            saleday(url, rates.get(0), 3, work.resolve("warm-up-saleday"));
            List<String> rows = new ArrayList<>();
            double bestSaleday = 0;
            double bestPlain = 0;
            for (double rate : rates) {
                Outcome saleday = saleday(url, rate, seconds, work.resolve("saleday-" + (long) rate));
                Outcome plain = plain(url, rate, seconds, work.resolve("plain-" + (long) rate));
                if (saleday.sustained()) {
                    bestSaleday = Math.max(bestSaleday, rate);
                }
                if (plain.sustained()) {
                    bestPlain = Math.max(bestPlain, rate);
                }
                rows.add(String.format(Locale.ROOT, "| %.0f | %.1f %% in %.1f s, %.0f us | %.1f %% in %.1f s, %.0f us | %.2f |", rate,
                        saleday.okFraction() * 100, saleday.sendSpanMillis() / 1000.0, saleday.cpuMicrosPerRequest(),
                        plain.okFraction() * 100, plain.sendSpanMillis() / 1000.0, plain.cpuMicrosPerRequest(),
                        plain.cpuMicrosPerRequest() / saleday.cpuMicrosPerRequest()));
            }
            double wrkRps = wrk(url, seconds, work);
            System.out.println();
            System.out.println("| intended req/s | SaleDaySimulation + prober: answered OK, sends spread over, injector CPU per request"
                    + " | plain Gatling: same | CPU cost ratio plain/saleday |");
            System.out.println("|---|---|---|---|");
            rows.forEach(System.out::println);
            System.out.println();
            System.out.printf(Locale.ROOT, "highest sustained (>= 95 %% answered OK within 2 s, sends within 5 %% of the planned %d s): saleday %.0f req/s, plain Gatling %.0f req/s,"
                    + " ratio %.2f; wrk ceiling %.0f req/s (saleday at %.1f %% of it); load average at end %.1f%n",
                    seconds, bestSaleday, bestPlain, bestPlain == 0 ? 0 : bestSaleday / bestPlain, wrkRps,
                    wrkRps <= 0 ? 0 : bestSaleday / wrkRps * 100, loadAverage());
        } finally {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What one run achieved: OK answers over planned, and the time between its first and its last send. */
    record Outcome(double okFraction, long sendSpanMillis, long plannedMillis, double cpuMicrosPerRequest) {
        boolean sustained() {
            return okFraction >= SUSTAINED && sendSpanMillis <= plannedMillis * 1.05;
        }
    }

    private static Outcome saleday(URI url, double rateRps, long seconds, Path runDir) throws IOException {
        Traffic traffic = new Traffic(1, new Traffic.Users(Traffic.Users.Distribution.ZIPF, 100_000, 1.1),
                List.of(new Traffic.KWeight(10, 1)), 42, Duration.ofSeconds(2),
                SteadySimulation.phases(rateRps, Duration.ofSeconds(seconds)));
        long[] cpuNanos = new long[2];
        LoadListener cpu = new LoadListener() {
            @Override
            public void onLoadStart(long loadStartMs) {
                cpuNanos[0] = processCpuNanos();
            }

            @Override
            public void onSecond(LoadProgress progress) {
                cpuNanos[1] = processCpuNanos(); // the last call comes from after(), when the recorder closes
            }
        };
        try (Prober prober = Prober.start(ProberSettings.of(url, runDir))) {
            LoadResult result = LoadRun.run(LoadSettings.of(traffic, url, runDir).withListener(cpu));
            PhaseCounts steady = result.phase("steady").orElseThrow();
            // The first and the last second with sends, from injector.jsonl.
            List<Long> sendSeconds = new ArrayList<>();
            for (String line : Files.readAllLines(runDir.resolve("injector.jsonl"))) {
                Matcher m = Pattern.compile("\\{\"t\":(\\d+),.*\"sent\":(\\d+),").matcher(line);
                if (m.find() && Long.parseLong(m.group(2)) > 0) {
                    sendSeconds.add(Long.parseLong(m.group(1)));
                }
            }
            long span = sendSeconds.isEmpty() ? 0 : sendSeconds.get(sendSeconds.size() - 1) - sendSeconds.get(0) + 1000;
            double cpuMicros = (cpuNanos[1] - cpuNanos[0]) / 1000.0 / steady.sent();
            System.out.printf(Locale.ROOT, "saleday %6.0f req/s: planned %d sent %d ok %d failed %d p99 %.0f ms, sends over %d ms,"
                            + " %.0f us CPU per request; probes %d%n",
                    rateRps, steady.planned(), steady.sent(), steady.ok(), steady.failed(), steady.p99Millis(), span, cpuMicros,
                    prober.fired());
            return new Outcome((double) steady.ok() / steady.planned(), span, seconds * 1000 + 1000, cpuMicros);
        }
    }

    private static Outcome plain(URI url, double rateRps, long seconds, Path runDir) throws IOException {
        System.setProperty("bench.url", url.toString());
        System.setProperty("bench.rateRps", Double.toString(rateRps));
        System.setProperty("bench.seconds", Long.toString(seconds));
        PlainGatlingSimulation.OK.reset();
        PlainGatlingSimulation.ANSWERED.reset();
        PlainGatlingSimulation.FIRST_SENT_MS.set(Long.MAX_VALUE);
        PlainGatlingSimulation.LAST_SENT_MS.set(0);
        Files.createDirectories(runDir);
        io.gatling.app.Gatling$.MODULE$.fromArgs(new String[]{
                "--simulation", PlainGatlingSimulation.class.getName(), "--results-folder", runDir.toString()});
        double planned = Math.round(rateRps * seconds);
        long span = PlainGatlingSimulation.LAST_SENT_MS.get() - PlainGatlingSimulation.FIRST_SENT_MS.get();
        double cpuMicros = PlainGatlingSimulation.cpuNanosUsed / 1000.0 / PlainGatlingSimulation.ANSWERED.sum();
        System.out.printf(Locale.ROOT, "plain  %6.0f req/s: planned %.0f answered %d ok %d, sends over %d ms, %.0f us CPU per request%n",
                rateRps, planned, PlainGatlingSimulation.ANSWERED.sum(), PlainGatlingSimulation.OK.sum(), span, cpuMicros);
        return new Outcome(PlainGatlingSimulation.OK.sum() / planned, span, seconds * 1000, cpuMicros);
    }

    /** wrk, closed loop with 64 connections: the most this machine serves the target, whoever injects. */
    private static double wrk(URI url, long seconds, Path work) throws IOException, InterruptedException {
        Path script = work.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = '{\"userId\":17,\"k\":10}'\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        Process wrk;
        try {
            wrk = new ProcessBuilder("wrk", "-t2", "-c64", "-d" + seconds + "s", "-s", script.toString(),
                    url + "/predict").redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("wrk not found (Debian: apt-get install wrk): no ceiling measured");
            return -1;
        }
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        System.out.println(output.trim());
        Matcher matcher = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    private static Process startTarget(Path work) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), TrivialTarget.class.getName())
                .redirectError(work.resolve("target.err").toFile()).start();
    }

    private static int readPort(Process target) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("port=")) {
            throw new IOException("the trivial target did not start: " + line);
        }
        return Integer.parseInt(line.substring("port=".length()));
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
