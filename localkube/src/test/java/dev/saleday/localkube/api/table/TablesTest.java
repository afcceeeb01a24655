package dev.saleday.localkube.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.Json;
import dev.saleday.localkube.api.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The Table rules that need no cluster: ages, a pod's STATUS and RESTARTS, what an Accept header asks for. */
class TablesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void agesAreRoundedAsKubectlRoundsThem() {
        assertThat(HumanDuration.of(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(HumanDuration.of(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.of(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(HumanDuration.of(Duration.ofMinutes(25))).isEqualTo("25m");
        assertThat(HumanDuration.of(Duration.ofMinutes(310))).isEqualTo("5h10m");
        assertThat(HumanDuration.of(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(HumanDuration.of(Duration.ofHours(76))).isEqualTo("3d4h");
        assertThat(HumanDuration.of(Duration.ofDays(400))).isEqualTo("400d");
        assertThat(HumanDuration.of(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    }

    @Test
    void aCrashingContainerShowsItsWaitingReasonAndWhenItLastRestarted() {
        ObjectNode pod = Json.parseObject("""
                {"metadata":{"name":"web-1","creationTimestamp":"2026-12-06T11:00:00Z"},
                 "spec":{"containers":[{"name":"model"}],"nodeName":"local-node-a"},
                 "status":{"phase":"Running","podIP":"127.0.1.4","containerStatuses":[{"name":"model","ready":false,
                   "restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                   "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2026-12-06T11:58:00Z"}}}]}}""");
        assertThat(new PodPrinter().cells(pod, NOW)).containsExactly("web-1", "0/1", "CrashLoopBackOff",
                "3 (2m ago)", "60m", "127.0.1.4", "local-node-a", "<none>", "<none>");
    }

    @Test
    void aDeletedPodIsTerminatingAndAFinishedOneCompleted() {
        ObjectNode running = Json.parseObject("""
                {"metadata":{"name":"a","deletionTimestamp":"2026-12-06T11:59:59Z"},"spec":{"containers":[{}]},
                 "status":{"phase":"Running","containerStatuses":[{"ready":true,"state":{"running":{}}}]}}""");
        assertThat(new PodPrinter().cells(running, NOW).subList(1, 3)).containsExactly("1/1", "Terminating");
        ObjectNode done = Json.parseObject("""
                {"metadata":{"name":"b"},"spec":{"containers":[{}]},
                 "status":{"phase":"Succeeded","containerStatuses":[{"state":{"terminated":{"exitCode":0,
                 "reason":"Completed"}}}]}}""");
        assertThat(new PodPrinter().cells(done, NOW).get(2)).isEqualTo("Completed");
    }

    @Test
    void kubectlsAcceptHeaderAsksForAV1Table() {
        assertThat(Tables.requested("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;"
                + "v=v1beta1;g=meta.k8s.io,application/json")).contains("v1");
        assertThat(Tables.requested("application/json;as=Table;v=v1beta1;g=meta.k8s.io")).contains("v1beta1");
        assertThat(Tables.requested("application/json")).isEmpty();
        assertThat(Tables.requested("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io")).isEmpty();
        assertThat(Tables.requested(null)).isEmpty();
    }

    @Test
    void aListBecomesOneRowPerItemWithItsMetadata() {
        ObjectNode list = Json.parseObject("""
                {"kind":"ConfigMapList","metadata":{"resourceVersion":"17","continue":"abc"},"items":[
                 {"metadata":{"name":"one","resourceVersion":"5"},"data":{"k":"v"}},
                 {"metadata":{"name":"two","resourceVersion":"6"}}]}""");
        JsonNode table = Tables.table(ResourceTypes.require("", "configmaps"), list, "v1", null, NOW);
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.path("metadata").path("continue").asText()).isEqualTo("abc");
        assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Data", "Age");
        assertThat(table.path("rows").get(0).path("cells").get(1).asLong()).isEqualTo(1);
        assertThat(table.path("rows").get(1).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(Tables.table(ResourceTypes.require("", "configmaps"), list, "v1", "None", NOW).path("rows").get(0)
                .has("object")).isFalse();
    }
}
