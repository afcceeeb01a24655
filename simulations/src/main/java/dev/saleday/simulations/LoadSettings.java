package dev.saleday.simulations;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanDefaults;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Traffic;
import dev.saleday.simulations.traffic.Shard;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one load run needs. Immutable: the {@code with...} methods return a new value.
 *
 * @param planName        names the run in Gatling's report
 * @param traffic         the load to drive
 * @param slo             the promises turned into Gatling assertions, as a plain {@code gatling:test} run checks
 *                        them; null = no assertions (a saleday run: its verdict judges the SLOs)
 * @param targetUrl       base URL of the model; requests go to {@code targetUrl + "/predict"}
 * @param runDir          the run directory: records go here, Gatling's results under {@code runDir/gatling/}
 * @param shard           this injector's share of the load
 * @param listener        watches the run each second
 * @param simulationClass the Gatling simulation to run (default {@link SaleDaySimulation})
 * @param capacityBounds  for {@link StepCapacitySimulation}: the bounds a step must hold; null = its defaults
 * @param minAchievedFraction the plan's {@code slo.minAchievedRate}: below this share of its intended arrivals
 *                        the injector fell behind (0 = the default, {@link PlanDefaults#MIN_ACHIEVED_RATE})
 */
public record LoadSettings(
        String planName,
        Traffic traffic,
        Slo slo,
        URI targetUrl,
        Path runDir,
        Shard shard,
        LoadListener listener,
        String simulationClass,
        CapacityBounds capacityBounds,
        double minAchievedFraction) {

    public LoadSettings {
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(targetUrl, "targetUrl");
        Objects.requireNonNull(runDir, "runDir");
        planName = planName == null || planName.isBlank() ? "load" : planName;
        shard = shard == null ? Shard.WHOLE : shard;
        listener = listener == null ? LoadListener.NONE : listener;
        simulationClass = simulationClass == null ? SaleDaySimulation.class.getName() : simulationClass;
        minAchievedFraction = minAchievedFraction == 0 ? PlanDefaults.MIN_ACHIEVED_RATE : minAchievedFraction;
        if (!(minAchievedFraction > 0 && minAchievedFraction <= 1)) {
            throw new IllegalArgumentException("minAchievedFraction must be within 0 and 1, got " + minAchievedFraction);
        }
        if (!"http".equals(targetUrl.getScheme()) && !"https".equals(targetUrl.getScheme())) {
            throw new IllegalArgumentException("target URL must be http:// or https://, got '" + targetUrl + "'");
        }
    }

    /**
     * A saleday run of the plan's traffic: the injector holds itself to the plan's minimum achieved rate; no
     * Gatling assertions (the verdict judges the SLOs, from the records).
     */
    public static LoadSettings of(Plan plan, URI targetUrl, Path runDir) {
        return new LoadSettings(plan.name(), plan.traffic(), null, targetUrl, runDir, null, null, null, null,
                plan.slo().minAchievedRateFraction());
    }

    /** A run of {@code traffic}, without assertions. */
    public static LoadSettings of(Traffic traffic, URI targetUrl, Path runDir) {
        return new LoadSettings(null, traffic, null, targetUrl, runDir, null, null, null, null, 0);
    }

    public LoadSettings withShard(Shard newShard) {
        return new LoadSettings(planName, traffic, slo, targetUrl, runDir, newShard, listener, simulationClass, capacityBounds,
                minAchievedFraction);
    }

    public LoadSettings withListener(LoadListener newListener) {
        return new LoadSettings(planName, traffic, slo, targetUrl, runDir, shard, newListener, simulationClass, capacityBounds,
                minAchievedFraction);
    }

    /** With the SLOs as Gatling assertions, as a plain {@code gatling:test} run has them. */
    public LoadSettings withSlo(Slo newSlo) {
        return new LoadSettings(planName, traffic, newSlo, targetUrl, runDir, shard, listener, simulationClass, capacityBounds,
                minAchievedFraction);
    }

    public LoadSettings withPlanName(String newPlanName) {
        return new LoadSettings(newPlanName, traffic, slo, targetUrl, runDir, shard, listener, simulationClass, capacityBounds,
                minAchievedFraction);
    }

    /** Runs {@link StepCapacitySimulation} over {@code traffic}'s phases as steps, stopping at the first step over the bounds. */
    public LoadSettings withCapacitySearch(CapacityBounds bounds) {
        return new LoadSettings(planName, traffic, slo, targetUrl, runDir, shard, listener,
                StepCapacitySimulation.class.getName(), bounds, minAchievedFraction);
    }

    public LoadSettings withSimulationClass(String newSimulationClass) {
        return new LoadSettings(planName, traffic, slo, targetUrl, runDir, shard, listener, newSimulationClass, capacityBounds,
                minAchievedFraction);
    }

    /** @return the URL every load request goes to */
    public URI predictUrl() {
        String base = targetUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/predict");
    }

    /**
     * What a capacity step must hold to count as sustained.
     *
     * @param maxP99       the step's p99 response time must stay at or under this
     * @param maxErrorRate the step's failed share must stay at or under this fraction
     */
    public record CapacityBounds(Duration maxP99, double maxErrorRate) {
        public static final CapacityBounds DEFAULT = new CapacityBounds(Duration.ofMillis(200), 0.01);

        public CapacityBounds {
            if (maxP99 == null || maxP99.isNegative() || maxP99.isZero()) {
                throw new IllegalArgumentException("capacity maxP99 must be > 0, got " + maxP99);
            }
            if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
                throw new IllegalArgumentException("capacity maxErrorRate must be within 0..1, got " + maxErrorRate);
            }
        }
    }
}
