package dev.saleday.cli;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import dev.saleday.plan.PlanDefaults;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "The embedded cluster (localkube), on its own.",
        subcommands = {ClusterCommand.Up.class, CommandLine.HelpCommand.class})
final class ClusterCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: up");
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Starts the embedded cluster in the foreground, applies manifests, prints its kubeconfig",
                "(context " + PlanDefaults.LOCAL_CONTEXT + ") and every Service's loopback URL, and runs until Ctrl-C/SIGTERM, which",
                "stops it and every pod. Use it with kubectl, or with `saleday run --target kubeconfig",
                "--kubeconfig FILE --context " + PlanDefaults.LOCAL_CONTEXT + "` (set target.url to the Service URL printed)."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:stopped", "2:the manifests are missing or invalid", "3:internal error"})
    static final class Up implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--manifests", paramLabel = "DIR",
                description = "a kustomize folder, folder of YAML files or YAML file to apply (default: none)")
        Path manifests;

        @Option(names = "--port", paramLabel = "PORT", description = "the API server's port on 127.0.0.1 (default:"
                + " a free one)")
        int port;

        @Option(names = "--kubeconfig-out", paramLabel = "FILE",
                description = "also copy the kubeconfig here")
        Path kubeconfigOut;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (manifests != null && !Files.exists(manifests)) {
                throw new InvalidInputException("--manifests " + manifests + " does not exist");
            }
            LocalKube kube = LocalKube.start(LocalKubeConfig.defaults().withApiPort(port));
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                kube.close();
                stopped.countDown();
            }, "saleday-cluster-down");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (manifests != null) {
                    kube.apply(manifests);
                }
                Path kubeconfig = kube.kubeconfigPath();
                if (kubeconfigOut != null) {
                    Files.copy(kubeconfig, kubeconfigOut, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    kubeconfig = kubeconfigOut;
                }
                out.println("cluster up: API " + kube.secureApiUrl() + ", context " + PlanDefaults.LOCAL_CONTEXT);
                out.println("kubeconfig: " + kubeconfig + "   (export KUBECONFIG=" + kubeconfig + ")");
                kube.serviceUrls().forEach((name, url) -> out.println("service " + name + ": " + url));
                out.println("Ctrl-C stops the cluster and every pod.");
                out.flush();
                stopped.await();
            } catch (RuntimeException | InterruptedException e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                kube.close();
                throw e;
            }
            return ExitCodes.PASS;
        }
    }
}
