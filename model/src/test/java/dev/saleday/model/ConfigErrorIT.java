package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad configuration: exit 2, one clear line on stderr, nothing served. */
class ConfigErrorIT {
    @RegisterExtension
    static final ModelProcesses PROCESSES = new ModelProcesses();

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "PORT|abc|PORT must be an integer in 0..65535, got 'abc'",
        "CPU_LIMIT_MILLICORES|-500|CPU_LIMIT_MILLICORES must be in 0..1000000, got -500",
        "FAULT_ERROR_RATE|2|FAULT_ERROR_RATE must be in 0..1, got 2",
        "WORKERS|many|WORKERS must be an integer",
        "FEATURE_STORE_PASSWORD||FEATURE_STORE_PASSWORD is required",
        "FEATURE_STORE_PASSWORD_SHA256|00ff|FEATURE_STORE_PASSWORD does not match FEATURE_STORE_PASSWORD_SHA256",
    })
    void exits_2_with_a_message(String name, String value, String message) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put(name, value == null ? "" : value);
        ModelProcess model = ModelProcess.start(env);
        try {
            assertThat(model.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(model.stderr()).contains("saleday-model: bad configuration: " + message);
            assertThat(model.stderr() + model.stdout()).doesNotContain(ModelProcess.TEST_PASSWORD);
        } finally {
            model.close();
        }
    }
}
