package dev.saleday.localkube;

import dev.saleday.localkube.apply.ManifestException;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a localkube until Ctrl-C: {@code LocalKubeMain [--manifests DIR] [--port N] [--hpa-sync-seconds N]
 * [--control-plane-only] [--node-cpu-millicores N] [--node-memory-mib N] [--max-nodes N] [--scale-up-delay-seconds N]
 * [--node-monitor-grace-seconds N]} (the node pool: {@link NodePool}). Applies the manifests, waits for their Deployments, prints the kubeconfig path and each
 * Service's URL. Exit code 2 for bad arguments or manifests.
 */
public final class LocalKubeMain {

    private LocalKubeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalKubeConfig config = LocalKubeConfig.defaults();
        Path manifests = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--manifests" -> manifests = Path.of(value(args, ++i, "--manifests"));
                    case "--port" -> config = config.withApiPort(Integer.parseInt(value(args, ++i, "--port")));
                    case "--hpa-sync-seconds" -> config = config.withHpaSyncPeriod(Duration.ofSeconds(
                            Long.parseLong(value(args, ++i, "--hpa-sync-seconds"))));
                    case "--control-plane-only" -> config = config.controlPlaneOnly(null);
                    case "--node-cpu-millicores" -> config = config.withNodePool(config.nodePool().withCapacity(
                            Long.parseLong(value(args, ++i, "--node-cpu-millicores")),
                            config.nodePool().memoryBytesPerNode()));
                    case "--node-memory-mib" -> config = config.withNodePool(config.nodePool().withCapacity(
                            config.nodePool().cpuMillicoresPerNode(),
                            Long.parseLong(value(args, ++i, "--node-memory-mib")) << 20));
                    case "--max-nodes" -> config = config.withNodePool(config.nodePool().withAutoscaling(
                            Integer.parseInt(value(args, ++i, "--max-nodes")), config.nodePool().scaleUpDelay()));
                    case "--scale-up-delay-seconds" -> config = config.withNodePool(config.nodePool().withAutoscaling(
                            config.nodePool().maxNodes(), Duration.ofSeconds(
                                    Long.parseLong(value(args, ++i, "--scale-up-delay-seconds")))));
                    case "--node-monitor-grace-seconds" -> config = config.withNodePool(config.nodePool()
                            .withNodeMonitorGracePeriod(Duration.ofSeconds(
                                    Long.parseLong(value(args, ++i, "--node-monitor-grace-seconds")))));
                    case "-h", "--help" -> {
                        System.out.println("usage: LocalKubeMain [--manifests DIR] [--port N] [--hpa-sync-seconds N] "
                                + "[--control-plane-only] [--node-cpu-millicores N] [--node-memory-mib N] "
                                + "[--max-nodes N] [--scale-up-delay-seconds N] [--node-monitor-grace-seconds N]");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                            + "' (expected --manifests DIR, --port N, --hpa-sync-seconds N, --control-plane-only, "
                            + "--node-cpu-millicores N, --node-memory-mib N, --max-nodes N, --scale-up-delay-seconds N, "
                            + "--node-monitor-grace-seconds N)");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("localkube: " + e.getMessage());
            System.exit(2);
        }
        LocalKube kube = LocalKube.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("localkube: stopping");
            kube.close();
            stopped.countDown();
        }, "localkube-shutdown"));
        System.out.println("localkube: API server " + kube.secureApiUrl());
        System.out.println("localkube: kubeconfig " + kube.kubeconfigPath());
        if (manifests != null) {
            try {
                List<HasMetadata> applied = kube.apply(manifests);
                for (HasMetadata object : applied) {
                    if (object.getKind().equals("Deployment") && config.runPods()) {
                        kube.awaitDeploymentReady(object.getMetadata().getNamespace(), object.getMetadata().getName(),
                                Duration.ofMinutes(3));
                        System.out.println("localkube: deployment " + object.getMetadata().getNamespace() + "/"
                                + object.getMetadata().getName() + " ready");
                    }
                }
            } catch (ManifestException e) {
                System.err.println("localkube: " + e.getMessage());
                System.exit(2);
            }
        }
        if (config.runPods()) {
            for (Map.Entry<String, URI> url : kube.serviceUrls().entrySet()) {
                System.out.println("localkube: service " + url.getKey() + " " + url.getValue());
            }
        }
        System.out.println("localkube: export KUBECONFIG=" + kube.kubeconfigPath() + "   (Ctrl-C stops)");
        stopped.await();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
