package dev.saleday.cli.run;

import dev.saleday.chaos.ChaosRun;
import dev.saleday.cli.injectors.InjectorFleet;
import dev.saleday.cli.injectors.InjectorPlan;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.Target;
import dev.saleday.records.ShardRecords;
import dev.saleday.simulations.LoadListener;
import dev.saleday.simulations.LoadProgress;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The load of a run with {@code traffic.injectors > 1}, driven from the coordinator: the injectors' Job created (a
 * journaled change of the run), one start instant set once every shard is ready, a progress line a second summing
 * the shards' own injector seconds, the records read back into {@code shards/<i>/} when the load is over, and the Job
 * deleted. Shards that never got ready, died or fell behind are judged by the analysis ({@code validity.shards}),
 * named from their records; this class only says so on the console as it happens.
 */
final class InjectorsLoad {

    /** How long the injector pods may take to be scheduled, start their JVM and build Gatling's simulation. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** From the start instant's decision to the instant: enough for every shard to be told. */
    static final Duration START_MARGIN = Duration.ofSeconds(2);
    /** How long after the load's end the shards may take to finish their last requests and close their logs. */
    static final Duration FINISH_GRACE = Duration.ofSeconds(60);
    /**
     * On Ctrl-C/SIGTERM: how long the coordinator may read the shards' records before the Job is deleted (a second
     * signal cuts it short). Chaos holds its own undo on exit this long and a margin more, then deletes the Job anyway.
     */
    static final Duration COLLECT_ON_INTERRUPT = Duration.ofSeconds(30);

    private final Plan plan;
    private final PlanSchedule schedule;
    private final ClusterSession cluster;
    private final RunDirectory dir;
    private final Teardown teardown;
    private final ChaosRun chaos;
    private final PrintWriter out;
    private final String version;

    InjectorsLoad(Plan plan, PlanSchedule schedule, ClusterSession cluster, RunDirectory dir, Teardown teardown,
                  ChaosRun chaos, PrintWriter out, String version) {
        this.plan = plan;
        this.schedule = schedule;
        this.cluster = cluster;
        this.dir = dir;
        this.teardown = teardown;
        this.chaos = chaos;
        this.out = out;
        this.version = version;
    }

    void run(URI url, LoadListener listener) {
        int count = plan.traffic().injectors();
        String namespace = plan.target().namespace();
        try {
            for (int i = 0; i < count; i++) {
                Files.createDirectories(ShardRecords.dir(dir.path(), i)); // a shard that never reports is judged
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = InjectorFleet.name(System.currentTimeMillis());
        // an interrupt reads the shards' records first (GameDay's hook, salvage), then the Job is deleted
        chaos.holdUndoOnExit(COLLECT_ON_INTERRUPT.plusSeconds(15));
        InjectorFleet fleet = teardown.add("the injectors' Job", InjectorFleet.create(cluster.client(), chaos,
                namespace, name, InjectorPlan.yaml(plan, podsTargetUrl(url)), count, InjectorFleet.image(version),
                dir.path()));
        teardown.addSalvage("collecting the injectors' records", () -> collect(fleet, "so far "));
        println("injectors: Job/" + name + " in " + namespace + ", " + count + " pods of "
                + InjectorFleet.image(version) + "; waiting until each is ready");
        List<String> notReady = fleet.awaitReady(READY_TIMEOUT);
        if (!notReady.isEmpty()) {
            println("injectors: not ready within " + READY_TIMEOUT.toSeconds() + " s: " + String.join(", ", notReady)
                    + "; the others start without them (the run will be INVALID)");
        }
        long startAtMs = System.currentTimeMillis() + START_MARGIN.toMillis();
        List<String> untold = fleet.start(startAtMs);
        if (!untold.isEmpty()) {
            println("injectors: could not be told the start instant: " + String.join(", ", untold));
        }
        println("injectors: " + fleet.pods().size() + " of " + count + " ready; all start at " + startAtMs);
        sleepUntil(startAtMs);
        listener.onLoadStart(startAtMs);
        long loadMillis = schedule.loadMillis();
        List<String> reportedGone = new ArrayList<>();
        long nextMs = startAtMs + 1000;
        while (true) {
            sleepUntil(nextMs);
            long elapsed = nextMs - startAtMs;
            long sent = fleet.mirror();
            for (String shard : fleet.gone()) {
                if (!reportedGone.contains(shard)) {
                    reportedGone.add(shard);
                    println("injectors: shard " + shard + " is gone at " + elapsed / 1000 + " s of the load");
                }
            }
            if (elapsed <= loadMillis) {
                long offset = Math.min(elapsed, loadMillis) - 1;
                int phase = schedule.phaseIndexAt(Math.max(0, offset));
                long intended = schedule.arrivalCountBefore(elapsed) - schedule.arrivalCountBefore(elapsed - 1000);
                listener.onSecond(new LoadProgress(nextMs - 1000, elapsed, loadMillis,
                        phase < 0 ? null : schedule.phases().get(phase).name(), intended, sent, -1, -1, -1, -1));
            } else if (fleet.allFinished() || elapsed > loadMillis + FINISH_GRACE.toMillis()) {
                break;
            }
            nextMs += 1000;
        }
        fleet.mirror();
        collect(fleet, "");
        fleet.close();
        println("injectors: Job/" + name + " deleted");
    }

    /** Reads every living shard's records into the run directory, once (at the load's end or on an interrupt). */
    private void collect(InjectorFleet fleet, String soFar) {
        try {
            long bytes = fleet.collect();
            if (bytes < 0) {
                return; // collected before
            }
            println("injectors: records " + soFar + "of " + (fleet.pods().size() - fleet.gone().size())
                    + " shards collected (" + bytes / 1024 + " KiB) into " + dir.path().resolve(ShardRecords.DIR_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The target as the injector pods reach it: the plan's {@code target.url} when it sets one (the Ingress the
     * single injector drives too), the local cluster's address, or else the Service's in-cluster name.
     */
    private URI podsTargetUrl(URI url) {
        if (plan.target().url() != null || plan.target().cluster() == Target.ClusterKind.LOCAL) {
            return url;
        }
        Service service = cluster.client().services().inNamespace(plan.target().namespace())
                .withName(plan.target().service()).get();
        int port = service == null || service.getSpec().getPorts().isEmpty() ? 80
                : service.getSpec().getPorts().get(0).getPort();
        return URI.create("http://" + plan.target().service() + "." + plan.target().namespace() + ".svc:" + port);
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }

    private static void sleepUntil(long epochMs) {
        long waitMs = epochMs - System.currentTimeMillis();
        if (waitMs <= 0) {
            return;
        }
        try {
            Thread.sleep(waitMs); // the run's own clock: the next second, not a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
