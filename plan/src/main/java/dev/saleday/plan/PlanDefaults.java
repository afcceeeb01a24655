package dev.saleday.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every default of saleday, in one place: what a plan means where it says nothing (docs/PLAN.md lists them), and
 * the name of the embedded cluster's kubeconfig context, which the plan's guards allow by default. Every module
 * reads them here.
 */
public final class PlanDefaults {

    /** The kubeconfig context (and cluster and user) of the embedded cluster; the one guards allow by default. */
    public static final String LOCAL_CONTEXT = "saleday-local";

    /** {@code target.container}: the container a rollout changes. */
    public static final String CONTAINER = "model";

    /** {@code traffic.scale}. */
    public static final double SCALE = 1.0;
    /** {@code traffic.seed}. */
    public static final long SEED = 42;
    /** {@code traffic.requestTimeout}. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** {@code traffic.connections}. */
    public static final Traffic.Connections CONNECTIONS = Traffic.Connections.SHARED;
    /** {@code traffic.injectors}: the load is sent from the saleday process itself. */
    public static final int INJECTORS = 1;
    /** {@code traffic.users}. */
    public static final Traffic.Users USERS = new Traffic.Users(Traffic.Users.Distribution.ZIPF, 100_000, 1.1);
    /** {@code traffic.kMix}. */
    public static final List<Traffic.KWeight> K_MIX = List.of(
            new Traffic.KWeight(10, 0.70), new Traffic.KWeight(20, 0.20), new Traffic.KWeight(50, 0.10));

    /** {@code guards.maxPodsKilled}. */
    public static final Count MAX_PODS_KILLED = new Count(0, 0.5);
    /** {@code guards.abortWhen}. */
    public static final Guards.AbortWhen ABORT_WHEN = new Guards.AbortWhen(0.20, Duration.ofSeconds(10));

    /**
     * {@code slo.minAchievedRate}: below this share of the intended arrivals the run is INVALID, and the injector
     * warns that it fell behind.
     */
    public static final double MIN_ACHIEVED_RATE = 0.95;
    /** {@code slo.maxInjectionLag}. */
    public static final Duration MAX_INJECTION_LAG = Duration.ofSeconds(2);
    /** {@code slo.maxSendLag}: a request leaving later than this after its intended time means the injector stalled. */
    public static final Duration MAX_SEND_LAG = Duration.ofSeconds(1);
    /**
     * {@code slo.hostHeadroom}: while other work at our priority takes half a CPU or more, the injector waiting
     * 400 ms a second for a CPU, or the pods 60 % of their runnable time, for more than 3 s (docs/VERDICT.md says
     * why). Judged by default.
     */
    public static final Slo.HostHeadroom HOST_HEADROOM = new Slo.HostHeadroom(Duration.ofMillis(400), 0.60,
            Duration.ofSeconds(3));

    /** {@code observe}: the model's {@code /metrics} on its {@code http} port, every 2 s. */
    public static final Observe OBSERVE = new Observe("http", "/metrics", Duration.ofSeconds(2), null, Map.of());

    /**
     * {@code report.cost.cpuCoreHour}: what one core of CPU request costs an hour, in the plan's currency: 0.04, the
     * order of an on-demand general-purpose cloud vCPU-hour (memory included) in 2026.
     */
    public static final double CPU_CORE_HOUR_PRICE = 0.04;

    /** {@code report.regression}: the p99 may grow by 10 % over the baseline's. */
    public static final Map<String, Double> REGRESSION = Map.of("p99", 0.10);

    private PlanDefaults() {
    }
}
