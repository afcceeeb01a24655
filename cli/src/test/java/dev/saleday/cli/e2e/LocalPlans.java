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
     * else than the model's latency (validity, the host, a stall). Each of {@code faults} is one entry of the plan's
     * chaos list in flow style ({@code {name: kill, at: 5s, action: pod-kill, count: 1}}); with any, the guards
     * allow the plan's namespace.
     */
    static String steady(String name, int durationS, int ratePerS, String... faults) {
        StringBuilder chaos = new StringBuilder();
        if (faults.length > 0) {
            chaos.append("chaos:\n");
            for (String fault : faults) {
                chaos.append("  - ").append(fault).append('\n');
            }
            chaos.append("guards: {allowNamespaces: [shop]}\n");
        }
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
                %sslo:
                  latency: [{phase: steady, p99: 10s}]
                """.formatted(name, LOCAL_OVERLAY, durationS, ratePerS, chaos);
    }
}
