package dev.saleday.cli.injectors;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.simulations.LoadListener;
import dev.saleday.simulations.LoadResult;
import dev.saleday.simulations.LoadRun;
import dev.saleday.simulations.LoadSettings;
import dev.saleday.simulations.traffic.Shard;
import dev.saleday.simulations.traffic.TrafficModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One injector pod of a run with several: drives its shard of the plan's arrivals from the start instant the
 * coordinator sets, writes its records into its own directory exactly as a single injector writes a run directory
 * (gatling/, injector.jsonl, answers.jsonl), and serves them ({@link InjectorServer}) until the coordinator has
 * collected them or {@code linger} has passed.
 *
 * @param plan          the injectors' plan ({@link InjectorPlan})
 * @param shard         this pod's shard: {@code JOB_COMPLETION_INDEX} of the Job's completions
 * @param recordsDir    where its records go
 * @param host          the address to serve on (the pod's own)
 * @param port          the port to serve on
 * @param waitForStart  how long to wait, ready, for the start instant before giving up
 * @param linger        how long to keep serving the records after the load when nobody collects them
 * @param warmUp        the JVM's warm-up before it says ready ({@link InjectorWarmUp}; never a request to the target)
 */
public record Injector(Plan plan, Shard shard, Path recordsDir, String host, int port, Duration waitForStart,
                       Duration linger, Duration warmUp) {

    /** The port an injector serves on (the Job's container port {@code injector}). */
    public static final int PORT = 8089;

    /** @return the exit status: 0 when the load ran and its records were served */
    public int run(PrintWriter out) throws IOException, InterruptedException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            // the warm-up's stub: without TCP_NODELAY the header and body writes meet delayed ACKs (40 ms each)
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        TrafficModel traffic = TrafficModel.of(plan, PlanSchedule.of(plan));
        if (System.getProperty("gatling.data.writers.0") == null) {
            System.setProperty("gatling.data.writers.0", "file");
        }
        try (InjectorServer server = InjectorServer.start(host, port, recordsDir, shard.toString())) {
            out.println("saleday inject: shard " + shard + " of " + plan.name() + " -> " + plan.target().url()
                    + "; serving on " + host + ":" + server.port());
            out.flush();
            if (!warmUp.isZero()) {
                // still "starting": the coordinator sets the start instant only once every shard is ready
                long startedMs = System.currentTimeMillis();
                long sent = new InjectorWarmUp(warmUp, InjectorWarmUp.DEFAULT.rateRps()).run(plan.traffic(), shard);
                out.println("saleday inject: JVM warmed up in " + (System.currentTimeMillis() - startedMs) + " ms ("
                        + sent + " requests to a loopback stub, none to the target)");
                out.flush();
            }
            LoadListener listener = new LoadListener() {
                @Override
                public void beforeLoad() {
                    server.state(InjectorServer.State.READY);
                    long startAtMs;
                    try {
                        startAtMs = server.awaitStartAtMs(waitForStart);
                        if (startAtMs < 0) {
                            out.println("saleday inject: no start instant within " + waitForStart.toSeconds()
                                    + " s; giving up");
                            out.flush();
                            System.exit(1);
                        }
                        long waitMs = startAtMs - System.currentTimeMillis();
                        if (waitMs > 0) {
                            Thread.sleep(waitMs); // until the shared instant itself, not a condition
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    server.state(InjectorServer.State.RUNNING);
                    out.println("saleday inject: start instant " + startAtMs + ", started "
                            + (System.currentTimeMillis() - startAtMs) + " ms after it");
                    out.flush();
                }
            };
            LoadResult result = LoadRun.run(LoadSettings.of(plan, plan.target().url(), recordsDir).withShard(shard)
                    .withListener(listener), traffic);
            boolean ran = result.simulationLog() != null;
            server.state(ran ? InjectorServer.State.DONE : InjectorServer.State.FAILED);
            out.println("saleday inject: load " + (ran ? "done" : "failed (Gatling exit " + result.exitStatus() + ")")
                    + "; serving the records until collected");
            out.flush();
            boolean collected = server.awaitCollected(linger);
            return ran && collected ? 0 : 1;
        }
    }
}
