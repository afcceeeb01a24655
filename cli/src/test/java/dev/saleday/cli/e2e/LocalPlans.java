package dev.saleday.cli.e2e;

import java.nio.file.Path;

/** Plans of the end-to-end tests: the reference model on the embedded cluster, deployed from k8s/overlays/local. */
final class LocalPlans {

    static final Path MANIFESTS = Path.of("..", "k8s").toAbsolutePath().normalize();
    static final Path LOCAL_OVERLAY = MANIFESTS.resolve("overlays/local");

    private LocalPlans() {
    }

    /**
     * One steady phase over a shared keep-alive pool with a latency bound of 10 s: for runs that judge something
     * else than the model's latency (validity, the host, a stall).
     */
    static String steady(String name, int durationS, int ratePerS) {
        return """
                apiVersion: saleday/v1
                kind: GameDay
                metadata: {name: %s}
                target:
                  cluster: local
                  namespace: shop
                  deployment: recommendation
                  service: recommendation-service
                  manifests: %s
                traffic:
                  connections: shared
                  phases:
                    - {name: steady, duration: %ds, rate: %d}
                slo:
                  latency: [{phase: steady, p99: 10s}]
                """.formatted(name, LOCAL_OVERLAY, durationS, ratePerS);
    }
}
