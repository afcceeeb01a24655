package dev.saleday.cli;

import dev.saleday.cli.run.RunOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The plan a command runs and the cluster it runs it against: {@code PLAN}, {@code --target}, {@code --kubeconfig}
 * and {@code --context}, declared once for every command that runs a plan ({@code run}, {@code capacity},
 * {@code calibrate}). The overrides become {@link RunOptions}, which checks them against the plan.
 */
final class TargetOptions {

    @Parameters(paramLabel = "PLAN", description = "the plan file (saleday/v1 YAML)")
    Path plan;

    @Option(names = "--target", paramLabel = "local|kubeconfig", description = "overrides the plan's target.cluster")
    String target;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "overrides target.kubeconfig")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "CONTEXT",
            description = "overrides target.context; must be in guards.allowContexts")
    String context;

    /** @return the plan with these overrides and no other (the caller adds its own with the {@code with} methods) */
    RunOptions runOptions() {
        return RunOptions.of(plan).withTarget(target).withKubeconfig(kubeconfig).withContext(context);
    }
}
