package dev.saleday.chaos;

/** Minimal kubeconfig files for tests. */
final class Kubeconfigs {
    private Kubeconfigs() {
    }

    static String text(String serverUrl, String context) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                users:
                - name: test
                  user:
                    token: test
                contexts:
                - name: %s
                  context:
                    cluster: test
                    user: test
                    namespace: default
                current-context: %s
                """.formatted(serverUrl, context, context);
    }
}
