package dev.saleday.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file, on its own: it parses with fabric8's typed model, without fields the model does not know. */
class ManifestFilesTest {
    /** What kustomize v5.5, v2.0.3 (Debian's kubectl 1.20) and localkube's renderer all understand alike. */
    private static final Set<String> PORTABLE_KUSTOMIZATION_FIELDS =
            Set.of("apiVersion", "kind", "resources", "bases", "namespace", "images", "patchesStrategicMerge");

    static List<Path> yamlFiles() {
        return Manifests.yamlFiles();
    }

    @Test
    void there_are_manifests_to_check() {
        assertThat(yamlFiles()).extracting(p -> Manifests.ROOT.relativize(p).toString())
                .contains("base/deployment.yaml", "base/service.yaml", "base/hpa.yaml", "base/pdb.yaml",
                        "base/configmap.yaml", "base/secret.yaml", "overlays/local/kustomization.yaml",
                        "overlays/production/kustomization.yaml", "rbac/role.yaml", "rbac/clusterrole.yaml",
                        "job/saleday-job.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlFiles")
    void parses_with_fabric8_and_every_field_is_known(Path file) {
        List<HasMetadata> objects = Manifests.read(file);
        assertThat(objects).as(file.toString()).isNotEmpty();
        for (HasMetadata object : objects) {
            assertThat(object.getKind()).as(file + ": kind").isNotBlank();
            assertThat(object.getApiVersion()).as(file + ": apiVersion").isNotBlank();
            assertThat(object.getMetadata() == null ? null : object.getMetadata().getName())
                    .as(file + ": metadata.name").satisfiesAnyOf(
                            name -> assertThat(object.getKind()).isEqualTo("Kustomization"),
                            name -> assertThat(name).isNotBlank());
            if (!(object instanceof GenericKubernetesResource)) {
                assertThat(Manifests.unknownFields(object)).as(file + ": fields fabric8's model does not know").isEmpty();
            } else {
                assertThat(object.getKind()).as(file + ": only kustomizations may be untyped").isEqualTo("Kustomization");
            }
        }
    }

    @Test
    void a_misspelt_field_is_caught() {
        List<HasMetadata> objects = Manifests.parse("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: c
                      image: i
                      readinesProbe: {httpGet: {path: /readyz, port: 8080}}
                """);
        assertThat(Manifests.unknownFields(objects.get(0))).containsExactly(".spec.containers[0].readinesProbe");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void kustomizations_use_only_the_portable_subset(Path file) {
        GenericKubernetesResource kustomization = (GenericKubernetesResource) Manifests.read(file).get(0);
        Set<String> fields = new java.util.TreeSet<>(kustomization.getAdditionalProperties().keySet());
        fields.add("apiVersion");
        fields.add("kind");
        assertThat(fields).as(file.toString()).isSubsetOf(PORTABLE_KUSTOMIZATION_FIELDS);
    }

    private static String readString(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Path> kustomizations() {
        return yamlFiles().stream().filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
    }

    @Test
    void the_secret_is_only_in_the_secret() {
        Secret secret = (Secret) Manifests.read(Manifests.BASE.resolve("secret.yaml")).get(0);
        String encoded = secret.getData().get("FEATURE_STORE_PASSWORD");
        String password = new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(password).isNotBlank();
        for (Path file : yamlFiles()) {
            if (file.endsWith(Path.of("base", "secret.yaml"))) {
                continue;
            }
            String text = readString(file);
            assertThat(text).as(file.toString()).doesNotContain(password).doesNotContain(encoded);
            for (HasMetadata object : Manifests.read(file)) {
                if (object instanceof io.fabric8.kubernetes.api.model.ConfigMap configMap && configMap.getData() != null) {
                    assertThat(configMap.getData()).as(file.toString()).doesNotContainKey("FEATURE_STORE_PASSWORD");
                }
            }
        }
    }
}
