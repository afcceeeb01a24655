package dev.saleday.localkube.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.testing.ControlPlane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(ControlPlane.class)
class ManifestsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: model
                    image: saleday/recommendation:v1
                    ports: [{name: http, containerPort: 8080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: http}]
            """;

    @Test
    void builtinRendererHandlesResourcesNamespaceImagesAndStrategicPatches(@TempDir Path dir) throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.writeString(base.resolve("app.yaml"), DEPLOYMENT);
        Files.writeString(base.resolve("kustomization.yaml"), "resources: [app.yaml]\n");
        Path overlay = Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(overlay.resolve("replicas.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 3
                  template:
                    spec:
                      containers:
                      - name: model
                        env: [{name: GRACEFUL_SHUTDOWN, value: "true"}]
                """);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                namespace: shop
                resources: [../base]
                images:
                - {name: saleday/recommendation, newTag: v1.1}
                patchesStrategicMerge: [replicas.yaml]
                """);

        List<ObjectNode> objects = BuiltinKustomize.render(overlay);

        ObjectNode deployment = objects.get(0);
        assertThat(deployment.path("metadata").path("namespace").asText()).isEqualTo("shop");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        var container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("image").asText()).isEqualTo("saleday/recommendation:v1.1");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
        assertThat(container.path("env").get(0).path("name").asText()).isEqualTo("GRACEFUL_SHUTDOWN");
    }

    @Test
    void unsupportedKustomizeFieldsAndBadYamlAreClearErrors(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\nnamePrefix: x-\n");
        assertThatThrownBy(() -> BuiltinKustomize.render(dir)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("kustomization.yaml").hasMessageContaining("'namePrefix'");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n");
        assertThatThrownBy(() -> Manifests.load(bad)).isInstanceOf(ManifestException.class)
                .hasMessageMatching(".*bad\\.yaml:\\d+:\\d+: invalid YAML.*");
    }

    @Test
    void applyCreatesTheNamespaceAndIsRepeatable(ControlPlane cluster, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, DEPLOYMENT.replace("metadata: {name: web}", "metadata: {name: web, namespace: applied}"));
        cluster.kube().apply(file);
        cluster.kube().apply(file);
        cluster.kube().awaitDeploymentReady("applied", "web", Duration.ofSeconds(20));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var endpoints = cluster.client().endpoints().inNamespace("applied").withName("web").get();
            assertThat(endpoints.getSubsets()).hasSize(1);
            assertThat(endpoints.getSubsets().get(0).getAddresses()).hasSize(1);
            // the named targetPort resolved through the pod's containerPorts
            assertThat(endpoints.getSubsets().get(0).getPorts().get(0).getPort()).isEqualTo(8080);
        });
    }
}
