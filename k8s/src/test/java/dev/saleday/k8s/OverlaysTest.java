package dev.saleday.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each overlay as kubectl renders it: the contract between the manifests, the model and the harness. */
class OverlaysTest {
    private static final Map<Path, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    static Stream<Path> overlays() {
        return Stream.of(Manifests.LOCAL, Manifests.PRODUCTION);
    }

    static List<HasMetadata> render(Path overlay) {
        Path kubectl = Manifests.kubectl().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not on the PATH, so the overlays cannot be rendered here "
                + "(.ci/run installs Debian's kubernetes-client); the files are still checked by ManifestFilesTest");
        return RENDERED.computeIfAbsent(overlay, dir -> Manifests.kustomize(kubectl, dir));
    }

    private static Deployment deployment(Path overlay) {
        return Manifests.only(render(overlay), Deployment.class, "recommendation");
    }

    private static Container model(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("model")).findFirst()
                .orElseThrow(() -> new AssertionError("no container named model"));
    }

    private static Map<String, String> config(Path overlay) {
        return Manifests.only(render(overlay), ConfigMap.class, "recommendation-config").getData();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void renders_the_whole_set_in_namespace_shop(Path overlay) {
        List<HasMetadata> objects = render(overlay);
        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
                "ConfigMap/recommendation-config", "Secret/recommendation-secrets", "Deployment/recommendation",
                "Service/recommendation-service", "HorizontalPodAutoscaler/recommendation",
                "PodDisruptionBudget/recommendation");
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("shop"));
        assertThat(objects).allSatisfy(o -> assertThat(Manifests.unknownFields(o)).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void selectors_match_the_pod_template(Path overlay) {
        Deployment deployment = deployment(overlay);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        Service service = Manifests.only(render(overlay), Service.class, "recommendation-service");
        assertThat(service.getSpec().getSelector()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        PodDisruptionBudget pdb = Manifests.only(render(overlay), PodDisruptionBudget.class, "recommendation");
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void service_port_80_goes_to_the_named_container_port(Path overlay) {
        Service service = Manifests.only(render(overlay), Service.class, "recommendation-service");
        assertThat(service.getSpec().getPorts()).hasSize(1);
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        Container model = model(deployment(overlay));
        assertThat(model.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
    }

    /** The probes reach the model's own probe listener (PROBE_PORT), not the port the predicts queue on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void the_probes_go_to_the_probe_port_and_tolerate_a_late_answer(Path overlay) {
        Container model = model(deployment(overlay));
        assertThat(model.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("probes");
            assertThat(port.getContainerPort()).isEqualTo(8081);
        });
        assertThat(env(model, "PROBE_PORT").getValue()).isEqualTo("8081");
        assertThat(model.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("probes");
        assertThat(model.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("probes");
        assertThat(model.getReadinessProbe().getFailureThreshold()).isGreaterThan(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void the_container_gets_what_the_model_reads(Path overlay) {
        Container model = model(deployment(overlay));
        assertThat(model.getImage()).isEqualTo("saleday/recommendation:v1.0");
        assertThat(env(model, "PORT").getValue()).isEqualTo("8080");
        assertThat(env(model, "POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        var cpu = env(model, "CPU_LIMIT_MILLICORES").getValueFrom().getResourceFieldRef();
        assertThat(cpu.getResource()).isEqualTo("limits.cpu");
        assertThat(cpu.getDivisor()).isEqualTo(new Quantity("1m"));
        assertThat(cpu.getContainerName()).isEqualTo("model");
        var secretRef = env(model, "FEATURE_STORE_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(secretRef.getName()).isEqualTo("recommendation-secrets");
        assertThat(Manifests.only(render(overlay), Secret.class, "recommendation-secrets").getData())
                .containsKey(secretRef.getKey());
        assertThat(model.getEnvFrom()).anySatisfy(from ->
                assertThat(from.getConfigMapRef().getName()).isEqualTo("recommendation-config"));
        assertThat(config(overlay)).containsEntry("FAULT_LATENCY_MS", "0").containsEntry("FAULT_ERROR_RATE", "0")
                .containsKeys("WORKERS", "STARTUP_DELAY", "DRAIN_DELAY_MS", "GRACEFUL_SHUTDOWN")
                .doesNotContainKey("FEATURE_STORE_PASSWORD");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void probes_and_resources_are_set(Path overlay) {
        Container model = model(deployment(overlay));
        assertHttpProbe(model.getReadinessProbe(), "/readyz");
        assertHttpProbe(model.getLivenessProbe(), "/healthz");
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = model.getResources().getRequests().get(resource);
            Quantity limit = model.getResources().getLimits().get(resource);
            assertThat(request).as("requests." + resource).isNotNull();
            assertThat(limit).as("limits." + resource).isNotNull();
            assertThat(limit.getNumericalAmount()).as(resource + " limit >= request")
                    .isGreaterThanOrEqualTo(request.getNumericalAmount());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void rolling_updates_never_go_below_the_replica_count(Path overlay) {
        var strategy = deployment(overlay).getSpec().getStrategy();
        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        var maxUnavailable = strategy.getRollingUpdate().getMaxUnavailable();
        assertThat(maxUnavailable.getIntVal() != null ? String.valueOf(maxUnavailable.getIntVal()) : maxUnavailable.getStrVal())
                .isIn("0", "0%");
        var maxSurge = strategy.getRollingUpdate().getMaxSurge();
        assertThat(maxSurge.getIntVal() != null ? maxSurge.getIntVal() > 0 : !maxSurge.getStrVal().equals("0%")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void the_grace_period_covers_prestop_drain_and_requests_in_flight(Path overlay) {
        Deployment deployment = deployment(overlay);
        Container model = model(deployment);
        long preStopSeconds = model.getLifecycle().getPreStop().getSleep().getSeconds();
        Map<String, String> config = config(overlay);
        long neededMillis = preStopSeconds * 1000 + Long.parseLong(config.get("DRAIN_DELAY_MS"))
                + Long.parseLong(config.get("SHUTDOWN_TIMEOUT_MS"));
        assertThat(preStopSeconds).isPositive();
        assertThat(config).containsEntry("GRACEFUL_SHUTDOWN", "true");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() * 1000)
                .isGreaterThan(neededMillis);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void the_autoscaler_targets_the_deployment_on_cpu(Path overlay) {
        HorizontalPodAutoscaler hpa = Manifests.only(render(overlay), HorizontalPodAutoscaler.class, "recommendation");
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment(overlay).getMetadata().getName());
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getType()).isEqualTo("Resource");
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        });
        assertThat(deployment(overlay).getSpec().getReplicas()).isEqualTo(hpa.getSpec().getMinReplicas());
    }

    @Test
    void local_fits_a_two_core_host_and_moves_fast() {
        HorizontalPodAutoscaler hpa = Manifests.only(render(Manifests.LOCAL), HorizontalPodAutoscaler.class, "recommendation");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        Container model = model(deployment(Manifests.LOCAL));
        BigDecimal requestCores = model.getResources().getRequests().get("cpu").getNumericalAmount();
        BigDecimal limitCores = model.getResources().getLimits().get("cpu").getNumericalAmount();
        assertThat(requestCores.multiply(BigDecimal.valueOf(10))).as("10 pods' requests fit 2 cores")
                .isLessThanOrEqualTo(BigDecimal.valueOf(2));
        assertThat(limitCores).isBetween(new BigDecimal("0.25"), new BigDecimal("0.5"));
        assertThat(model.getReadinessProbe().getPeriodSeconds()).isEqualTo(1);
        assertThat(model.getLifecycle().getPreStop().getSleep().getSeconds()).isLessThanOrEqualTo(2);
    }

    @Test
    void production_has_the_seed_numbers() {
        HorizontalPodAutoscaler hpa = Manifests.only(render(Manifests.PRODUCTION), HorizontalPodAutoscaler.class,
                "recommendation");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(100);
        assertThat(deployment(Manifests.PRODUCTION).getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity())
                .isNotNull();
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).as(path + " probe").isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getPeriodSeconds()).isPositive();
        assertThat(probe.getTimeoutSeconds()).isPositive();
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }
}
