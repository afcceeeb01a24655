package dev.saleday.localkube.kubectl;

import dev.saleday.localkube.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl apply} of the shipped overlay (k8s/overlays/local, rendered by kubectl kustomize into a namespace
 * of the test's own): created, then configured, then unchanged; unknown fields refused by the server
 * ({@code fieldValidation=Strict}, kubectl's default since it finds the parameter in /openapi/v3), warned about with
 * {@code --validate=warn}; server-side apply. Server-side validation needs kubectl 1.27 or later: older clients
 * (Debian's kubernetes-client is 1.20) validate against /openapi/v2 in protobuf, which localkube does not serve, so
 * with them this test applies with {@code --validate=false} and leaves out the validation checks.
 */
@ExtendWith(ControlPlane.class)
class KubectlApplyTest {

    private ControlPlane cluster;
    private Kubectl kubectl;

    @BeforeEach
    void kubectl(ControlPlane cluster) {
        this.cluster = cluster;
        kubectl = Kubectl.find(cluster.kube().kubeconfigPath());
        Assumptions.assumeTrue(kubectl != null, "kubectl is not on the PATH");
    }

    @Test
    void appliesTheShippedOverlayAndValidatesFieldsOnTheServer(@TempDir Path dir) throws IOException {
        boolean serverValidation = kubectl.minorVersion() >= 27;
        String validate = serverValidation ? "--validate=strict" : "--validate=false";
        String ns = cluster.newNamespace("apply");
        String rendered = kubectl.run("kustomize", overlay().toString()).replace("namespace: shop", "namespace: " + ns);
        Path manifests = Files.writeString(dir.resolve("local.yaml"), rendered);

        String created = kubectl.run("apply", validate, "-f", manifests.toString());
        assertThat(created).contains("deployment.apps/recommendation created", "service/recommendation-service created",
                "horizontalpodautoscaler.autoscaling/recommendation created",
                "poddisruptionbudget.policy/recommendation created", "configmap/recommendation-config created");
        Deployment deployment = cluster.client().apps().deployments().inNamespace(ns).withName("recommendation").get();
        assertThat(deployment.getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/last-applied-configuration");

        Files.writeString(manifests, rendered.replaceFirst("replicas: 2", "replicas: 3"));
        String configured = kubectl.run("apply", validate, "-f", manifests.toString());
        assertThat(configured).contains("deployment.apps/recommendation configured")
                .contains("service/recommendation-service unchanged");
        assertThat(cluster.client().apps().deployments().inNamespace(ns).withName("recommendation").get().getSpec()
                .getReplicas()).isEqualTo(3);

        Path typo = Files.writeString(dir.resolve("typo.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: typo
                  namespace: %s
                data:
                  a: "1"
                datta:
                  b: "2"
                """.formatted(ns));
        if (serverValidation) {
            Kubectl.Result refused = kubectl.attempt("apply", "-f", typo.toString());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("strict decoding error: unknown field \"datta\"");
            assertThat(cluster.client().configMaps().inNamespace(ns).withName("typo").get()).isNull();
            Kubectl.Result warned = kubectl.attempt("apply", "--validate=warn", "-f", typo.toString());
            assertThat(warned.exitCode()).isZero();
            assertThat(warned.err()).contains("unknown field \"datta\"");
            assertThat(warned.out()).contains("configmap/typo created");
        }

        Path ssa = Files.writeString(dir.resolve("ssa.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: server-side
                  namespace: %s
                data:
                  a: "1"
                """.formatted(ns));
        assertThat(kubectl.run("apply", "--server-side", validate, "-f", ssa.toString()))
                .contains("configmap/server-side serverside-applied");
        assertThat(cluster.client().configMaps().inNamespace(ns).withName("server-side").get().getData())
                .containsEntry("a", "1");
    }

    private static Path overlay() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path overlay = dir.resolve("k8s/overlays/local");
            if (Files.isDirectory(overlay)) {
                return overlay;
            }
        }
        throw new IllegalStateException("k8s/overlays/local not found above " + Path.of("").toAbsolutePath());
    }
}
