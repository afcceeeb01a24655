package dev.saleday.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

/**
 * The recorder's watches retry soon after a loss (fabric8's back-off doubles the interval up to 2^5 times), through a
 * client that is the caller's in everything else: its server, its credentials.
 */
class WatchReconnectTest {

    @Test
    void theRecordersClientRetriesWatchesWithinTwoSecondsAndKeepsTheCallersServerAndToken() {
        try (KubernetesClient callers = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").withOauthToken("token-of-the-sa").withNamespace("shop")
                .build()).build()) {
            KubernetesClient recorders = Recorder.watchingClient(callers);
            recorders.close();
            assertThat(callers.getConfiguration().getWatchReconnectInterval()).as("fabric8's default").isEqualTo(1000);
            assertThat(recorders.getConfiguration().getWatchReconnectInterval())
                    .isEqualTo(Recorder.WATCH_RECONNECT_INTERVAL_MILLIS);
            assertThat(Recorder.WATCH_RECONNECT_INTERVAL_MILLIS * 32).as("the longest pause, ms").isLessThanOrEqualTo(2000);
            assertThat(recorders.getMasterUrl()).isEqualTo(callers.getMasterUrl());
            assertThat(recorders.getConfiguration().getOauthToken()).isEqualTo("token-of-the-sa");
        }
    }
}
