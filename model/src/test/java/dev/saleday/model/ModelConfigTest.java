package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
    private static final String SECRET = "hunter2-very-secret";

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("FEATURE_STORE_PASSWORD", SECRET);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaults_need_only_the_secret() {
        ModelConfig config = ModelConfig.fromEnvironment(env("HOSTNAME", "recommendation-abc"));
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.probePort()).isEqualTo(ModelConfig.NO_PROBE_PORT);
        assertThat(config.modelVersion()).isEqualTo("v1.0");
        assertThat(config.startupDelay()).isEqualTo(Duration.ZERO);
        assertThat(config.workers()).isEqualTo(32);
        assertThat(config.cpuLimitMillicores()).isZero();
        assertThat(config.faultLatencyMillis()).isZero();
        assertThat(config.faultErrorRate()).isZero();
        assertThat(config.gracefulShutdown()).isTrue();
        assertThat(config.drainDelayMillis()).isEqualTo(3_000);
        assertThat(config.podName()).isEqualTo("recommendation-abc");
        assertThat(config.scoringPasses()).isEqualTo(1);
    }

    @Test
    void reads_every_setting() {
        ModelConfig config = ModelConfig.fromEnvironment(env("HOST", "127.0.1.7", "PORT", "9090", "PROBE_PORT", "9091",
                "MODEL_VERSION", "v1.1", "STARTUP_DELAY", "1500ms", "WORKERS", "4", "CPU_LIMIT_MILLICORES", "250",
                "FAULT_LATENCY_MS", "40", "FAULT_ERROR_RATE", "0.25", "GRACEFUL_SHUTDOWN", "false",
                "DRAIN_DELAY_MS", "100", "SHUTDOWN_TIMEOUT_MS", "5000", "POD_NAME", "recommendation-x",
                "SCORING_PASSES", "8"));
        assertThat(config.host()).isEqualTo("127.0.1.7");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.probePort()).isEqualTo(9091);
        assertThat(config.modelVersion()).isEqualTo("v1.1");
        assertThat(config.startupDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.workers()).isEqualTo(4);
        assertThat(config.cpuLimitMillicores()).isEqualTo(250);
        assertThat(config.faultLatencyMillis()).isEqualTo(40);
        assertThat(config.faultErrorRate()).isEqualTo(0.25);
        assertThat(config.gracefulShutdown()).isFalse();
        assertThat(config.drainDelayMillis()).isEqualTo(100);
        assertThat(config.shutdownTimeoutMillis()).isEqualTo(5000);
        assertThat(config.podName()).isEqualTo("recommendation-x");
        assertThat(config.scoringPasses()).isEqualTo(8);
    }

    @ParameterizedTest
    @CsvSource({"5, 5000", "5s, 5000", "2.5s, 2500", "1500ms, 1500", "1m, 60000", "0, 0"})
    void startup_delay_formats(String value, long millis) {
        assertThat(ModelConfig.fromEnvironment(env("STARTUP_DELAY", value)).startupDelay().toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "PORT|abc|PORT must be an integer in 0..65535, got 'abc'",
        "PORT|70000|PORT must be in 0..65535, got 70000",
        "PROBE_PORT|8080|PROBE_PORT must differ from PORT (8080), got 8080",
        "PROBE_PORT|-1|PROBE_PORT must be in 0..65535, got -1",
        "WORKERS|0|WORKERS must be in 1..1024, got 0",
        "CPU_LIMIT_MILLICORES|-100|CPU_LIMIT_MILLICORES must be in 0..1000000, got -100",
        "FAULT_LATENCY_MS|-1|FAULT_LATENCY_MS must be in 0..600000, got -1",
        "FAULT_ERROR_RATE|1.5|FAULT_ERROR_RATE must be in 0..1, got 1.5",
        "SCORING_PASSES|0|SCORING_PASSES must be in 1..1000, got 0",
        "FAULT_ERROR_RATE|lots|FAULT_ERROR_RATE must be a number in 0..1, got 'lots'",
        "GRACEFUL_SHUTDOWN|maybe|GRACEFUL_SHUTDOWN must be true or false, got 'maybe'",
        "STARTUP_DELAY|-5s|STARTUP_DELAY must be a duration >= 0",
        "STARTUP_DELAY|11m|STARTUP_DELAY must be at most 10m",
        "MODEL_VERSION|v 1|MODEL_VERSION must match",
        "DRAIN_DELAY_MS|soon|DRAIN_DELAY_MS must be an integer",
    })
    void bad_values_name_the_variable_and_the_rule(String name, String value, String message) {
        assertThatThrownBy(() -> ModelConfig.fromEnvironment(env(name, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void the_secret_is_required() {
        Map<String, String> env = env();
        env.remove("FEATURE_STORE_PASSWORD");
        assertThatThrownBy(() -> ModelConfig.fromEnvironment(env)).hasMessageContaining("FEATURE_STORE_PASSWORD is required");
        env.put("FEATURE_STORE_PASSWORD", "  ");
        assertThatThrownBy(() -> ModelConfig.fromEnvironment(env)).hasMessageContaining("FEATURE_STORE_PASSWORD is required");
    }

    @Test
    void the_secret_is_never_in_the_printed_config() {
        ModelConfig config = ModelConfig.fromEnvironment(env());
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(config.featureStorePassword().toString()).doesNotContain(SECRET);
    }

    @Test
    void a_password_that_does_not_match_its_checksum_stops_startup() {
        var credentials = new FeatureStoreCredentials(SECRET);
        String sha256OfSecret = "4b6c2e4b5a9d2a1d4a5a6e0c7bb8c84ca7bdbd2d6b2bd62f3b0bbf0c2fc7f9a1";
        assertThatThrownBy(() -> credentials.authenticate("m", sha256OfSecret))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FEATURE_STORE_PASSWORD does not match FEATURE_STORE_PASSWORD_SHA256")
                .hasMessageNotContaining(SECRET);
        String realSha = java.util.HexFormat.of().formatHex(sha256(SECRET));
        assertThat(credentials.authenticate("m", realSha)).hasSize(32);
        assertThat(credentials.authenticate("m", null)).isEqualTo(credentials.authenticate("m", realSha));
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
