package dev.saleday.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the model reads from its environment, as a ConfigMap, a Secret and the downward API would give it.
 * Built once by {@link #fromEnvironment(Map)}, which checks every rule and names the variable that broke it.
 *
 * @param host                 bind address (env HOST, default 0.0.0.0); localkube gives each pod its own loopback IP
 * @param port                 listen port (env PORT, default 8080; 0 = any free port, printed at start)
 * @param probePort            the probes' own listener for GET /healthz and /readyz (env PROBE_PORT; 0 = any free
 *                             port; unset = {@link #NO_PROBE_PORT}, the probes only on PORT): its own thread, so a
 *                             probe never waits behind queued predicts (see {@link ModelServer})
 * @param modelVersion         version of the trained model (env MODEL_VERSION, default v1.0); seeds the training
 * @param startupDelay         emulated model load time before readiness (env STARTUP_DELAY: 5, 5s, 1500ms, 1m)
 * @param workers              request worker threads (env WORKERS, default 32)
 * @param cpuLimitMillicores   CPU quota enforced in-process, 0 = unlimited (env CPU_LIMIT_MILLICORES)
 * @param faultLatencyMillis   latency added to every predict (env FAULT_LATENCY_MS, default 0)
 * @param faultErrorRate       probability of a 500 on predict, 0..1 (env FAULT_ERROR_RATE, default 0)
 * @param gracefulShutdown     drain on SIGTERM (env GRACEFUL_SHUTDOWN, default true); false halts at once
 * @param drainDelayMillis     time readiness is 503 but requests are still served (env DRAIN_DELAY_MS, default 3000)
 * @param shutdownTimeoutMillis longest wait for requests in flight after the drain delay (env SHUTDOWN_TIMEOUT_MS)
 * @param podName              reported in X-Pod-Name (env POD_NAME, default the host name)
 * @param featureStorePassword the secret (env FEATURE_STORE_PASSWORD, required); never printed, see {@link #toString()}
 * @param scoringPasses        times each predict scores the catalogue (env SCORING_PASSES, default 1): its CPU cost
 *                             per request, raised to put a pod's knee at a low rate (the answer is the same)
 */
public record ModelConfig(
        String host,
        int port,
        int probePort,
        String modelVersion,
        Duration startupDelay,
        int workers,
        int cpuLimitMillicores,
        long faultLatencyMillis,
        double faultErrorRate,
        boolean gracefulShutdown,
        long drainDelayMillis,
        long shutdownTimeoutMillis,
        String podName,
        FeatureStoreCredentials featureStorePassword,
        int scoringPasses) {

    public static final int DEFAULT_PORT = 8080;
    public static final int NO_PROBE_PORT = -1;
    public static final int DEFAULT_WORKERS = 32;
    public static final long DEFAULT_DRAIN_DELAY_MILLIS = 3_000;
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 20_000;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

    public static ModelConfig fromEnvironment(Map<String, String> env) {
        String host = text(env, "HOST", "0.0.0.0");
        int port = (int) integer(env, "PORT", DEFAULT_PORT, 0, 65_535);
        int probePort = (int) integer(env, "PROBE_PORT", NO_PROBE_PORT, 0, 65_535);
        if (probePort > 0 && probePort == port) {
            throw new ConfigException("PROBE_PORT must differ from PORT (" + port + "), got " + probePort);
        }
        String version = text(env, "MODEL_VERSION", "v1.0");
        if (!VERSION.matcher(version).matches()) {
            throw new ConfigException("MODEL_VERSION must match " + VERSION.pattern() + ", got '" + version + "'");
        }
        Duration startupDelay = duration(env, "STARTUP_DELAY");
        int workers = (int) integer(env, "WORKERS", DEFAULT_WORKERS, 1, 1_024);
        int cpuLimit = (int) integer(env, "CPU_LIMIT_MILLICORES", 0, 0, 1_000_000);
        long faultLatency = integer(env, "FAULT_LATENCY_MS", 0, 0, 600_000);
        double errorRate = fraction(env, "FAULT_ERROR_RATE");
        boolean graceful = bool(env, "GRACEFUL_SHUTDOWN", true);
        long drainDelay = integer(env, "DRAIN_DELAY_MS", DEFAULT_DRAIN_DELAY_MILLIS, 0, 600_000);
        long shutdownTimeout = integer(env, "SHUTDOWN_TIMEOUT_MS", DEFAULT_SHUTDOWN_TIMEOUT_MILLIS, 0, 600_000);
        String podName = text(env, "POD_NAME", text(env, "HOSTNAME", "local"));
        int scoringPasses = (int) integer(env, "SCORING_PASSES", 1, 1, 1_000);
        String password = env.get("FEATURE_STORE_PASSWORD");
        if (password == null || password.isBlank()) {
            throw new ConfigException("FEATURE_STORE_PASSWORD is required (mount it from the Secret recommendation-secrets)");
        }
        return new ModelConfig(host, port, probePort, version, startupDelay, workers, cpuLimit, faultLatency, errorRate,
                graceful, drainDelay, shutdownTimeout, podName, new FeatureStoreCredentials(password), scoringPasses);
    }

    private static String text(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static long integer(Map<String, String> env, String name, long fallback, long min, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be an integer in " + min + ".." + max + ", got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(name + " must be in " + min + ".." + max + ", got " + parsed);
        }
        return parsed;
    }

    private static double fraction(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return 0;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number in 0..1, got '" + value + "'");
        }
        if (!(parsed >= 0 && parsed <= 1)) {
            throw new ConfigException(name + " must be in 0..1, got " + value.trim());
        }
        return parsed;
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + value + "'");
        };
    }

    /** A bare number is seconds (STARTUP_DELAY=5); suffixes ms, s and m are accepted (1500ms, 2.5s, 1m). */
    private static Duration duration(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        var matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new ConfigException(name + " must be a duration >= 0 such as 5, 5s, 1500ms or 1m, got '" + value + "'");
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            default -> amount * 1_000;
        };
        if (millis > 600_000) {
            throw new ConfigException(name + " must be at most 10m, got '" + value + "'");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** Everything but the secret. */
    @Override
    public String toString() {
        return "host=" + host + " port=" + port
                + (probePort == NO_PROBE_PORT ? "" : " probePort=" + probePort) + " modelVersion=" + modelVersion
                + " startupDelay=" + startupDelay.toMillis() + "ms workers=" + workers
                + " cpuLimitMillicores=" + (cpuLimitMillicores == 0 ? "unlimited" : cpuLimitMillicores)
                + " faultLatencyMillis=" + faultLatencyMillis + " faultErrorRate=" + faultErrorRate
                + " gracefulShutdown=" + gracefulShutdown + " drainDelayMillis=" + drainDelayMillis
                + " shutdownTimeoutMillis=" + shutdownTimeoutMillis + " podName=" + podName
                + " scoringPasses=" + scoringPasses;
    }
}
