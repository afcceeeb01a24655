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
        // the same manifests applied server-side: the values client-side apply set are taken over without conflict
        assertThat(kubectl.run("apply", "--server-side", validate, "-f", manifests.toString()))
                .contains("deployment.apps/recommendation serverside-applied",
                        "service/recommendation-service serverside-applied",
                        "horizontalpodautoscaler.autoscaling/recommendation serverside-applied",
                        "configmap/recommendation-config serverside-applied");

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

    /**
     * Server-side apply with field ownership: a field {@code kubectl scale} changed (through the scale
     * subresource) belongs to that manager, so an apply with another value fails with the API server's conflict,
     * until {@code --force-conflicts} takes the field; {@code --show-managed-fields} shows who owns what.
     */
    @Test
    void serverSideApplyOwnsFieldsAndReportsConflicts(@TempDir Path dir) throws IOException {
        String ns = cluster.newNamespace("ssa");
        String manifest = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: %s
                  labels:
                    app: web
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      containers:
                      - name: web
                        image: saleday/recommendation:v1
                        ports:
                        - containerPort: 8080
                """;
        Path two = Files.writeString(dir.resolve("two.yaml"), manifest.formatted(ns, 2));
        Path three = Files.writeString(dir.resolve("three.yaml"), manifest.formatted(ns, 3));
        assertThat(kubectl.run("apply", "--server-side", "-f", two.toString()))
                .contains("deployment.apps/web serverside-applied");
        assertThat(kubectl.run("apply", "--server-side", "-f", two.toString()))
                .contains("deployment.apps/web serverside-applied");
        kubectl.run("scale", "-n", ns, "deployment/web", "--replicas=5");

        String owners = kubectl.run("get", "-n", ns, "deployment", "web", "-o", "yaml", "--show-managed-fields");
        assertThat(owners).contains("manager: kubectl", "operation: Apply", "subresource: scale",
                "f:replicas: {}", "k:{\"name\":\"web\"}:", "fieldsType: FieldsV1");
        assertThat(kubectl.run("get", "-n", ns, "deployment", "web", "-o", "yaml")).doesNotContain("managedFields");

        Kubectl.Result refused = kubectl.attempt("apply", "--server-side", "-f", three.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource "
                + "\"scale\" using apps/v1: .spec.replicas", "--force-conflicts");
        Deployment scaled = cluster.client().apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(5);

        assertThat(kubectl.run("apply", "--server-side", "--force-conflicts", "-f", three.toString()))
                .contains("deployment.apps/web serverside-applied");
        Deployment applied = cluster.client().apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(applied.getSpec().getReplicas()).isEqualTo(3);
        // the scaler's only field went to the applier: its entry is gone (the deployment controller's stay)
        assertThat(applied.getMetadata().getManagedFields()).extracting(f -> f.getManager() + "/" + f.getOperation()
                + "/" + (f.getSubresource() == null ? "" : f.getSubresource())).contains("kubectl/Apply/")
                .noneMatch(owner -> owner.endsWith("/scale"));
        assertThat(kubectl.run("apply", "--server-side", "-f", three.toString()))
                .contains("deployment.apps/web serverside-applied");
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
