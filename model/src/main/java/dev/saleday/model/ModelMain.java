package dev.saleday.model;

import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code java -jar saleday-model.jar}: reads the environment, serves, and on SIGTERM drains (or, with
 * GRACEFUL_SHUTDOWN=false, halts at once). Exit codes: 0 after a graceful shutdown, 2 for bad configuration,
 * 1 when the port cannot be bound, 143 for the deliberately broken shutdown.
 */
public final class ModelMain {
    static final int EXIT_BAD_CONFIG = 2;
    static final int EXIT_CANNOT_SERVE = 1;
    static final int EXIT_HALTED = 143;

    private ModelMain() {
    }

    public static void main(String[] args) {
        PrintStream log = System.out;
        ModelConfig config;
        try {
            if (args.length > 0) {
                throw new ConfigException("takes no arguments (configure it with environment variables; see docs/MODEL.md), got "
                        + args.length);
            }
            config = ModelConfig.fromEnvironment(System.getenv());
            // Authenticate to the feature store before serving: a wrong secret stops the pod here.
            config.featureStorePassword().authenticate("saleday-model/" + config.modelVersion(),
                    System.getenv("FEATURE_STORE_PASSWORD_SHA256"));
        } catch (ConfigException e) {
            System.err.println("saleday-model: bad configuration: " + e.getMessage());
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        ModelServer server;
        try {
            server = ModelServer.start(config, log);
        } catch (IOException e) {
            System.err.println("saleday-model: cannot listen on " + config.host() + ":" + config.port()
                    + (config.probePort() == ModelConfig.NO_PROBE_PORT ? "" : " and :" + config.probePort())
                    + ": " + e.getMessage());
            System.exit(EXIT_CANNOT_SERVE);
            return;
        }
        boolean graceful = config.gracefulShutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!graceful) {
                log.println("SIGTERM: GRACEFUL_SHUTDOWN=false, halting now; requests in flight are dropped");
                log.flush();
                Runtime.getRuntime().halt(EXIT_HALTED);
            }
            boolean clean = server.drainAndStop();
            log.flush();
            // halt, not exit: we are already in a shutdown hook, and a drained pod ends with 0.
            Runtime.getRuntime().halt(clean ? 0 : EXIT_CANNOT_SERVE);
        }, "graceful-shutdown"));
    }
}
