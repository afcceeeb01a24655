package dev.saleday.localkube.kubectl;

import com.sun.net.httpserver.HttpServer;
import dev.saleday.localkube.testing.ControlPlane;
import dev.saleday.localkube.testing.Objects;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The real kubectl against localkube, read as a user reads it: the columns and rows {@code get} prints (server-side
 * Tables), {@code top}, {@code rollout undo/pause/resume} and {@code get --raw .../proxy/...}. Works with kubectl
 * 1.20 (Debian's kubernetes-client) and 1.32: both ask for {@code meta.k8s.io/v1} Tables and read
 * {@code metrics.k8s.io/v1beta1}. Skipped only where no kubectl is installed.
 */
@ExtendWith(ControlPlane.class)
class KubectlAsClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ControlPlane cluster;
    private Kubectl kubectl;

    @BeforeEach
    void kubectl(ControlPlane cluster) {
        this.cluster = cluster;
        kubectl = Kubectl.find(cluster.kube().kubeconfigPath());
        Assumptions.assumeTrue(kubectl != null, "kubectl is not on the PATH");
    }

    @Test
    void getPrintsTheColumnsAndRowsOfARealApiServer() {
        String ns = cluster.newNamespace("print");
        cluster.client().resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.client().resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build()).create();
        cluster.client().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(ns)
                .endMetadata().addToData("a", "1").addToData("b", "2").build()).create();
        cluster.client().resource(new SecretBuilder().withNewMetadata().withName("keys").withNamespace(ns)
                .endMetadata().addToStringData("token", "x").build()).create();
        cluster.client().resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").withNamespace(ns)
                .endMetadata().withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector()
                .addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
        cluster.client().resource(new JobBuilder().withNewMetadata().withName("once").withNamespace(ns).endMetadata()
                .withNewSpec().withCompletions(1).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("task").withImage("busybox").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        cluster.kube().awaitDeploymentReady(ns, "web", WAIT);

        String pods = kubectl.run("get", "pods", "-n", ns);
        assertThat(Kubectl.header(pods)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
        String podName = cluster.client().pods().inNamespace(ns).list().getItems().get(0).getMetadata().getName();
        List<String> pod = Kubectl.row(pods, podName);
        assertThat(pod.get(2)).isEqualTo("Running");
        assertThat(pod.get(3)).isEqualTo("0");
        assertThat(pod.get(4)).matches("\\d+s");

        String wide = kubectl.run("get", "pods", "-n", ns, "-o", "wide");
        assertThat(Kubectl.header(wide)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                "NOMINATED NODE", "READINESS GATES");
        List<String> widePod = Kubectl.row(wide, podName);
        assertThat(widePod.get(5)).startsWith("127.0.1.");
        assertThat(widePod.get(6)).startsWith("local-node-");
        assertThat(widePod.subList(7, 9)).containsExactly("<none>", "<none>");

        String deployments = kubectl.run("get", "deployments", "-n", ns, "-o", "wide");
        assertThat(Kubectl.header(deployments)).containsExactly("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE",
                "CONTAINERS", "IMAGES", "SELECTOR");
        List<String> web = Kubectl.row(deployments, "web");
        assertThat(web.subList(1, 4)).containsExactly("2/2", "2", "2");
        assertThat(web.subList(5, 8)).containsExactly("model", "saleday/recommendation:v1", "app=web");

        String replicaSets = kubectl.run("get", "rs", "-n", ns);
        assertThat(Kubectl.header(replicaSets)).containsExactly("NAME", "DESIRED", "CURRENT", "READY", "AGE");
        assertThat(replicaSets.lines().skip(1).findFirst().orElseThrow()).matches("web-\\S+\\s+2\\s+2\\s+2\\s+\\S+");

        List<String> service = Kubectl.row(kubectl.run("get", "svc", "-n", ns, "-o", "wide"), "web");
        assertThat(service.get(1)).isEqualTo("ClusterIP");
        assertThat(service.subList(3, 5)).containsExactly("<none>", "80/TCP");
        assertThat(service.get(6)).isEqualTo("app=web");
        await().atMost(WAIT).untilAsserted(() -> assertThat(Kubectl.row(kubectl.run("get", "endpoints", "-n", ns),
                "web").get(1)).matches("127\\.0\\.1\\.\\d+:8080,127\\.0\\.1\\.\\d+:8080"));

        assertThat(Kubectl.row(kubectl.run("get", "configmaps", "-n", ns), "settings").get(1)).isEqualTo("2");
        assertThat(Kubectl.row(kubectl.run("get", "secrets", "-n", ns), "keys").subList(1, 3))
                .containsExactly("Opaque", "1");
        String pdbs = kubectl.run("get", "pdb", "-n", ns);
        assertThat(Kubectl.header(pdbs)).containsExactly("NAME", "MIN AVAILABLE", "MAX UNAVAILABLE",
                "ALLOWED DISRUPTIONS", "AGE");
        assertThat(Kubectl.row(pdbs, "web").subList(1, 3)).containsExactly("1", "N/A");
        assertThat(Kubectl.row(kubectl.run("get", "namespaces"), ns).get(1)).isEqualTo("Active");
        String nodes = kubectl.run("get", "nodes", "-o", "wide");
        assertThat(Kubectl.header(nodes)).startsWith("NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP");
        assertThat(Kubectl.row(nodes, "local-node-a").subList(1, 3)).containsExactly("Ready", "<none>");
        assertThat(Kubectl.row(nodes, "local-node-a").get(5)).isEqualTo("127.0.0.1");
        String jobs = kubectl.run("get", "jobs", "-n", ns);
        assertThat(Kubectl.header(jobs).get(0)).isEqualTo("NAME");
        assertThat(Kubectl.row(jobs, "once")).contains("0/1");
        String events = kubectl.run("get", "events", "-n", ns);
        assertThat(Kubectl.header(events)).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        assertThat(events).contains("Scheduled").contains("pod/" + podName);
    }

    @Test
    void topShowsTheFiguresTheAutoscalerScalesOn() {
        String ns = cluster.newNamespace("top");
        cluster.client().resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", WAIT);
        cluster.metrics().setEveryPod(ns, 250);
        cluster.client().resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("web")
                .withNamespace(ns).endMetadata().withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1")
                .withKind("Deployment").withName("web").endScaleTargetRef().withMinReplicas(2).withMaxReplicas(2)
                .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(70).endTarget().endResource().endMetric()
                .endSpec().build()).create();

        String top = kubectl.run("top", "pods", "-n", ns);
        assertThat(Kubectl.header(top)).containsExactly("NAME", "CPU(cores)", "MEMORY(bytes)");
        for (Pod pod : cluster.client().pods().inNamespace(ns).list().getItems()) {
            assertThat(Kubectl.row(top, pod.getMetadata().getName()).get(1)).isEqualTo("250m");
        }
        String nodes = kubectl.run("top", "nodes");
        assertThat(Kubectl.header(nodes)).startsWith("NAME", "CPU(cores)");
        String node = cluster.client().pods().inNamespace(ns).list().getItems().get(0).getSpec().getNodeName();
        assertThat(Integer.parseInt(Kubectl.row(nodes, node).get(1).replace("m", ""))).isGreaterThanOrEqualTo(250);
        // 250m used of 100m requested: the HPA reads the same figure as top
        await().atMost(WAIT).untilAsserted(() -> assertThat(Kubectl.row(kubectl.run("get", "hpa", "-n", ns), "web")
                .subList(1, 3)).containsExactly("Deployment/web", "cpu: 250%/70%"));
    }

    @Test
    void rollsBackToAnyRevisionAndAPausedDeploymentDoesNotRoll() {
        String ns = cluster.newNamespace("undo");
        cluster.client().resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        cluster.kube().awaitDeploymentReady(ns, "web", WAIT);
        kubectl.run("set", "image", "-n", ns, "deployment/web", "model=saleday/recommendation:v2");
        cluster.kube().awaitDeploymentReady(ns, "web", WAIT);
        assertThat(kubectl.run("rollout", "history", "-n", ns, "deployment/web")).contains("1").contains("2");

        assertThat(kubectl.run("rollout", "undo", "-n", ns, "deployment/web")).contains("rolled back");
        await().atMost(WAIT).until(() -> image(ns).equals("saleday/recommendation:v1"));
        cluster.kube().awaitDeploymentReady(ns, "web", WAIT);
        assertThat(kubectl.run("get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={.spec.template.spec.containers[0].image}")).isEqualTo("saleday/recommendation:v1");
        // now revision 3 is v1 and revision 2 is v2
        kubectl.run("rollout", "undo", "-n", ns, "deployment/web", "--to-revision=2");
        await().atMost(WAIT).until(() -> image(ns).equals("saleday/recommendation:v2"));
        cluster.kube().awaitDeploymentReady(ns, "web", WAIT);

        kubectl.run("rollout", "pause", "-n", ns, "deployment/web");
        kubectl.run("set", "image", "-n", ns, "deployment/web", "model=saleday/recommendation:v3");
        await().atMost(WAIT).until(() -> {
            Deployment d = cluster.client().apps().deployments().inNamespace(ns).withName("web").get();
            return d.getStatus() != null && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration());
        });
        assertThat(replicaSetImages(ns)).doesNotContain("saleday/recommendation:v3");
        kubectl.run("rollout", "resume", "-n", ns, "deployment/web");
        cluster.kube().awaitDeploymentReady(ns, "web", WAIT);
        assertThat(replicaSetImages(ns)).contains("saleday/recommendation:v3");
    }

    @Test
    void servesAutoscalingV1AutoscalersStoredAsV2(@TempDir Path dir) throws IOException {
        String ns = cluster.newNamespace("autoscale");
        cluster.client().resource(Objects.deployment(ns, "web", 2, "saleday/recommendation:v1")).create();
        Path v1 = Files.writeString(dir.resolve("hpa-v1.yaml"), """
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata:
                  name: web
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 2
                  maxReplicas: 5
                  targetCPUUtilizationPercentage: 60
                """);
        // what kubectl autoscale creates; kubectl autoscale itself sends protobuf, which localkube does not read
        assertThat(kubectl.run("create", "-n", ns, "-f", v1.toString()))
                .contains("horizontalpodautoscaler.autoscaling/web created");
        var stored = cluster.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("web").get();
        assertThat(stored.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(60);
        assertThat(kubectl.run("get", "horizontalpodautoscalers.v1.autoscaling", "web", "-n", ns, "-o",
                "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage} {.spec.maxReplicas}"))
                .isEqualTo("autoscaling/v1 60 5");
        assertThat(Kubectl.row(kubectl.run("get", "hpa", "-n", ns), "web").subList(1, 5))
                .containsExactly("Deployment/web", "cpu: <unknown>/60%", "2", "5");
    }

    @Test
    void proxiesToAPodAndToAService() throws IOException {
        String ns = cluster.newNamespace("proxy");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = ("saleday_requests_total 42\n# query " + exchange.getRequestURI().getQuery() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            Pod pod = cluster.client().resource(new PodBuilder(Objects.pod(ns, "scraped", Map.of("app", "scraped")))
                    .editSpec().editFirstContainer().addNewPort().withName("metrics").withContainerPort(port).endPort()
                    .endContainer().endSpec().build()).create();
            cluster.client().pods().inNamespace(ns).resource(new PodBuilder(pod).withNewStatus().withPhase("Running")
                    .withPodIP("127.0.0.1").endStatus().build()).updateStatus();

            String base = "/api/v1/namespaces/" + ns + "/pods/scraped";
            assertThat(kubectl.run("get", "--raw", base + "/proxy/metrics?window=1"))
                    .startsWith("saleday_requests_total 42").contains("# query window=1");
            assertThat(kubectl.run("get", "--raw", base + ":" + port + "/proxy/metrics"))
                    .startsWith("saleday_requests_total 42");
            assertThat(kubectl.run("get", "--raw", base + ":metrics/proxy/metrics"))
                    .startsWith("saleday_requests_total 42");
            Kubectl.Result closed = kubectl.attempt("get", "--raw", base + ":1/proxy/metrics");
            assertThat(closed.exitCode()).isNotZero();
            assertThat(closed.err()).contains("ServiceUnavailable").contains("error trying to reach service");

            cluster.client().resource(new ServiceBuilder().withNewMetadata().withName("scrape").withNamespace(ns)
                    .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80)
                    .withTargetPort(new IntOrString(port)).endPort().endSpec().build()).create();
            cluster.client().resource(new EndpointsBuilder().withNewMetadata().withName("scrape").withNamespace(ns)
                    .endMetadata().addNewSubset().addNewAddress().withIp("127.0.0.1").endAddress().addNewPort()
                    .withName("http").withPort(port).endPort().endSubset().build()).create();
            assertThat(kubectl.run("get", "--raw", "/api/v1/namespaces/" + ns + "/services/scrape:http/proxy/metrics"))
                    .startsWith("saleday_requests_total 42");
        } finally {
            server.stop(0);
        }
    }

    /**
     * The objects kubectl's generators build and POST in protobuf ({@code create deployment}, {@code create namespace},
     * {@code create configmap}, {@code run}, {@code expose}, {@code autoscale}) are created as the flags say.
     */
    @Test
    void createsWhatKubectlsGeneratorsBuild() {
        String ns = cluster.newNamespace("made");
        assertThat(kubectl.run("create", "namespace", ns + "-b")).isEqualTo("namespace/" + ns + "-b created\n");
        assertThat(cluster.client().namespaces().withName(ns + "-b").get()).isNotNull();
        assertThat(kubectl.run("create", "deployment", "web", "--image=saleday/recommendation:v1", "--replicas=2",
                "--port=8080", "-n", ns)).isEqualTo("deployment.apps/web created\n");
        Deployment web = cluster.client().apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(web.getSpec().getReplicas()).isEqualTo(2);
        assertThat(web.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "web"));
        assertThat(web.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
        var container = web.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getName()).isEqualTo("recommendation");
        assertThat(container.getImage()).isEqualTo("saleday/recommendation:v1");
        assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);

        assertThat(kubectl.run("expose", "deployment", "web", "--port=80", "--target-port=8080", "-n", ns))
                .isEqualTo("service/web exposed\n");
        var service = cluster.client().services().inNamespace(ns).withName("web").get();
        assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app", "web"));
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(service.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(8080));
        assertThat(service.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");

        assertThat(kubectl.run("autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=70", "-n", ns))
                .isEqualTo("horizontalpodautoscaler.autoscaling/web autoscaled\n");
        var hpa = cluster.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("web").get();
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("web");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);

        assertThat(kubectl.run("run", "one", "--image=saleday/recommendation:v2", "--env=MODE=fast",
                "--labels=tier=web", "-n", ns)).isEqualTo("pod/one created\n");
        Pod one = cluster.client().pods().inNamespace(ns).withName("one").get();
        assertThat(one.getMetadata().getLabels()).isEqualTo(Map.of("tier", "web"));
        assertThat(one.getSpec().getContainers().get(0).getImage()).isEqualTo("saleday/recommendation:v2");
        assertThat(one.getSpec().getContainers().get(0).getEnv().get(0).getName()).isEqualTo("MODE");
        assertThat(one.getSpec().getContainers().get(0).getEnv().get(0).getValue()).isEqualTo("fast");

        assertThat(kubectl.run("create", "configmap", "settings", "--from-literal=a=1", "-n", ns))
                .isEqualTo("configmap/settings created\n");
        assertThat(cluster.client().configMaps().inNamespace(ns).withName("settings").get().getData())
                .isEqualTo(Map.of("a", "1"));
        String hpas = kubectl.run("get", "hpa", "-n", ns);
        assertThat(Kubectl.row(hpas, "web")).startsWith("web", "Deployment/web").contains("2", "5");
    }

    /**
     * A ServiceAccount of k8s/rbac holds a token ({@code kubectl create token}, TokenRequest in protobuf) and is held
     * to its Role and ClusterRole: a client with the token is refused what they do not grant, with the API server's
     * message, and the refusal is counted and in the audit log; {@code auth can-i} (and {@code --list}) answer for
     * the ServiceAccount as the RBAC authorizer decides; the admin context can do anything. Both fabric8 and kubectl
     * read localkube's kubeconfig (HTTPS, its CA as certificate-authority-data) with the token as the user's:
     * kubectl sends a kubeconfig's token only over TLS, and is then held to RBAC without {@code --as}; the admin
     * impersonating the ServiceAccount ({@code --as}) gets the same answers.
     */
    @Test
    void serviceAccountTokensAreHeldToRbac(@TempDir Path tmp) throws Exception {
        String ns = cluster.newNamespace("rbac");
        Path manifests = Files.createDirectories(tmp.resolve("rbac"));
        try (var files = Files.list(Path.of("..", "k8s", "rbac"))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).toList()) {
                Files.writeString(manifests.resolve(file.getFileName()), Files.readString(file)
                        .replace("namespace: shop", "namespace: " + ns).replace("name: saleday-nodes",
                                "name: saleday-nodes-" + ns));
            }
        }
        kubectl.run("apply", "-n", ns, "-f", manifests.toString());
        String token = kubectl.minorVersion() >= 24
                ? kubectl.run("create", "token", "saleday", "-n", ns, "--duration=15m").trim()
                : cluster.kube().client().serviceAccounts().inNamespace(ns).withName("saleday").tokenRequest(
                new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder().withNewSpec()
                        .withExpirationSeconds(900L).endSpec().build()).getStatus().getToken();
        assertThat(token).matches("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        long deniedBefore = cluster.kube().deniedRequests();
        try (var client = saClient(tmp, token)) {
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThatThrownBy(() -> client.secrets().inNamespace(ns).list())
                    .hasMessageContaining("secrets is forbidden: User \"system:serviceaccount:" + ns + ":saleday\" "
                            + "cannot list resource \"secrets\" in API group \"\" in the namespace \"" + ns + "\"");
            assertThatThrownBy(() -> client.apps().deployments().inNamespace(ns).withName("web").delete())
                    .hasMessageContaining("deployments.apps \"web\" is forbidden: User \"system:serviceaccount:" + ns
                            + ":saleday\" cannot delete resource \"deployments\" in API group \"apps\" in the "
                            + "namespace \"" + ns + "\"");
        }
        assertThat(cluster.kube().deniedRequests()).isEqualTo(deniedBefore + 2);
        List<String> audit = Files.readAllLines(cluster.kube().auditLogPath());
        assertThat(audit).anyMatch(l -> l.contains("\"authorization.k8s.io/decision\":\"forbid\"")
                && l.contains("\"resource\":\"secrets\"") && l.contains("\"namespace\":\"" + ns + "\""));
        assertThat(audit).anyMatch(l -> l.contains("\"authorization.k8s.io/decision\":\"allow\"")
                && l.contains("\"verb\":\"list\"") && l.contains("\"resource\":\"pods\"")
                && l.contains("RoleBinding \\\"saleday/" + ns + "\\\" of Role \\\"saleday\\\" to ServiceAccount "
                + "\\\"saleday/" + ns + "\\\""));
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        try (var client = saClient(tmp, forged)) {
            assertThatThrownBy(() -> client.pods().inNamespace(ns).list()).hasMessageContaining("Unauthorized");
        }

        // kubectl with the ServiceAccount's token in its kubeconfig (HTTPS, localkube's CA): it sends the token and
        // is held to the Role, no impersonation.
        Kubectl asServiceAccount = new Kubectl(kubectl.binary(), saKubeconfig(tmp, token));
        assertThat(Files.readString(asServiceAccount.kubeconfig())).contains("server: https://127.0.0.1:")
                .contains("certificate-authority-data: ");
        assertThat(asServiceAccount.run("auth", "can-i", "watch", "pods", "-n", ns)).isEqualTo("yes\n");
        assertThat(asServiceAccount.run("auth", "can-i", "create", "pods", "--subresource=eviction", "-n", ns))
                .isEqualTo("yes\n");
        assertThat(asServiceAccount.run("auth", "can-i", "get", "pods/web-1", "--subresource=proxy", "-n", ns))
                .isEqualTo("yes\n");
        assertThat(asServiceAccount.run("auth", "can-i", "patch", "nodes")).isEqualTo("yes\n");
        Kubectl.Result secrets = asServiceAccount.attempt("auth", "can-i", "list", "secrets", "-n", ns);
        assertThat(secrets.exitCode()).isEqualTo(1);
        assertThat(secrets.out()).isEqualTo("no\n");
        assertThat(asServiceAccount.attempt("auth", "can-i", "get", "pods", "--subresource=log", "-n", ns).out())
                .isEqualTo("no\n");
        Kubectl.Result listed = asServiceAccount.attempt("get", "pods", "-n", ns);
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.err()).isEqualTo("No resources found in " + ns + " namespace.\n");
        Kubectl.Result refused = asServiceAccount.attempt("get", "secrets", "-n", ns);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Error from server (Forbidden): secrets is forbidden: User "
                + "\"system:serviceaccount:" + ns + ":saleday\" cannot list resource \"secrets\" in API group \"\" "
                + "in the namespace \"" + ns + "\"");
        Kubectl.Result deleted = asServiceAccount.attempt("delete", "deployment", "web", "-n", ns);
        assertThat(deleted.exitCode()).isEqualTo(1);
        assertThat(deleted.err()).contains("deployments.apps \"web\" is forbidden: User \"system:serviceaccount:"
                + ns + ":saleday\" cannot delete resource \"deployments\" in API group \"apps\"");
        assertThat(cluster.kube().deniedRequests()).isEqualTo(deniedBefore + 4);

        // The admin (the kubeconfig's own token) impersonating the ServiceAccount gets the same answers.
        String as = "--as=system:serviceaccount:" + ns + ":saleday";
        assertThat(kubectl.attempt("auth", "can-i", "delete", "deployments.apps", "-n", ns, as).out())
                .isEqualTo("no\n");
        assertThat(kubectl.attempt("auth", "can-i", "list", "pods", "-n", "default", as).out()).isEqualTo("no\n");
        assertThat(kubectl.run("auth", "can-i", "delete", "secrets", "--all-namespaces")).isEqualTo("yes\n");
        String rules = kubectl.run("auth", "can-i", "--list", "-n", ns, as);
        assertThat(Kubectl.header(rules)).containsExactly("Resources", "Non-Resource URLs", "Resource Names", "Verbs");
        assertThat(Kubectl.row(rules, "pods/eviction")).containsExactly("pods/eviction", "[]", "[]", "[create]");
        assertThat(Kubectl.row(rules, "nodes")).containsExactly("nodes", "[]", "[]", "[get list watch patch]");
        assertThat(rules).doesNotContain("secrets");
        assertThat(kubectl.attempt("get", "secrets", "-n", ns, as).err()).contains("Error from server (Forbidden)");
    }

    /** localkube's kubeconfig (HTTPS, its CA) with the ServiceAccount's token as the user's. */
    private Path saKubeconfig(Path tmp, String token) throws IOException {
        return Files.writeString(tmp.resolve("sa-kubeconfig"),
                Files.readString(cluster.kube().kubeconfigPath()).replace("token: localkube", "token: " + token));
    }

    /** fabric8 reading that kubeconfig: over HTTPS, trusting localkube's CA from certificate-authority-data. */
    private io.fabric8.kubernetes.client.KubernetesClient saClient(Path tmp, String token) throws IOException {
        io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(
                Files.readString(saKubeconfig(tmp, token)));
        config.setRequestRetryBackoffLimit(0);
        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:");
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build();
    }

    private String image(String ns) {
        return cluster.client().apps().deployments().inNamespace(ns).withName("web").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }

    private List<String> replicaSetImages(String ns) {
        return cluster.client().apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .map(ReplicaSet::getSpec).map(s -> s.getTemplate().getSpec().getContainers().get(0).getImage()).toList();
    }
}
