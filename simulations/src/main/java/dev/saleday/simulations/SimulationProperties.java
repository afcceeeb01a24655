package dev.saleday.simulations;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanDefaults;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Traffic;
import dev.saleday.simulations.traffic.Shard;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The {@code -Dsaleday.*} properties of a plain Gatling run ({@code mvn -B -pl simulations gatling:test ...}):
 * the only place simulations read system properties. Bad values fail the run before it starts, naming the property.
 */
final class SimulationProperties {

    static final String PLAN = "saleday.plan";
    static final String URL = "saleday.url";
    static final String SHARD = "saleday.shard";
    static final String RUN_DIR = "saleday.runDir";
    static final String BASE_DIR = "saleday.baseDir";
    static final String SCALE = "saleday.scale";
    static final String PROBE_RPS = "saleday.probeRps";
    static final String CONNECTIONS = "saleday.connections";

    /** Users, k mix, seed and timeout of the simulations that need no plan: the plan format's defaults. */

    private SimulationProperties() {
    }

    static String text(String name, String defaultValue) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    static double number(String name, double defaultValue) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a number, got '" + value + "'");
        }
    }

    static Duration seconds(String name, double defaultSeconds) {
        double seconds = number(name, defaultSeconds);
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("-D" + name + " must be > 0 seconds, got " + seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** @return a path as given, relative ones against the folder mvn was started in */
    static Path path(String value) {
        Path path = Path.of(value);
        if (path.isAbsolute()) {
            return path;
        }
        return Path.of(text(BASE_DIR, System.getProperty("user.dir"))).resolve(path).normalize();
    }

    /** @return the plan named by -Dsaleday.plan, or null when none was given */
    static Plan planOrNull() {
        String value = text(PLAN, null);
        return value == null ? null : PlanFiles.load(path(value));
    }

    static Plan requiredPlan(String simulation) {
        Plan plan = planOrNull();
        if (plan == null) {
            throw new IllegalArgumentException(simulation + " needs a plan: -D" + PLAN + "=plans/sale-day.yaml");
        }
        return plan;
    }

    static URI url(Plan plan) {
        String value = text(URL, plan != null && plan.target().url() != null ? plan.target().url().toString() : null);
        if (value == null) {
            throw new IllegalArgumentException("no target URL: give -D" + URL + "=http://127.0.0.1:8080"
                    + (plan == null ? "" : " (the plan's target.url is not set)"));
        }
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + URL + " must be a URL, got '" + value + "'");
        }
    }

    static Shard shard() {
        return Shard.parse(text(SHARD, "0/1"));
    }

    static Path runDir(String runName) {
        String value = text(RUN_DIR, null);
        if (value != null) {
            return path(value);
        }
        return path("results/" + runName + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * A traffic section with the plan's users, k mix, seed and connections (or the defaults) and the given phases;
     * -Dsaleday.connections replaces the connections when given.
     */
    static Traffic traffic(Plan plan, List<Phase> phases) {
        double scale = number(SCALE, 1.0);
        Traffic base = plan == null
                ? new Traffic(scale, PlanDefaults.USERS, PlanDefaults.K_MIX, PlanDefaults.SEED, PlanDefaults.REQUEST_TIMEOUT, phases,
                PlanDefaults.CONNECTIONS)
                : plan.traffic().withScale(scale).withPhases(phases);
        return base.withConnections(connections(base.connections()));
    }

    /** The plan's traffic, with -Dsaleday.scale and -Dsaleday.connections replacing its own when given. */
    static Traffic planTraffic(Plan plan) {
        Traffic t = plan.traffic();
        return t.withScale(number(SCALE, t.scale())).withConnections(connections(t.connections()));
    }

    static Traffic.Connections connections(Traffic.Connections defaultValue) {
        String value = text(CONNECTIONS, null);
        if (value == null) {
            return defaultValue;
        }
        return Traffic.Connections.ofPlanName(value).orElseThrow(() -> new IllegalArgumentException(
                "-D" + CONNECTIONS + " must be shared or perUser, got '" + value + "'"));
    }

    static Slo sloOrNull(Plan plan) {
        return plan == null ? null : plan.slo();
    }

    static LoadSettings settings(String runName, Plan plan, Traffic traffic, Slo slo) {
        return new LoadSettings(runName, traffic, slo, url(plan), runDir(runName), shard(), null, null, null,
                slo == null ? 0 : slo.minAchievedRateFraction());
    }
}
