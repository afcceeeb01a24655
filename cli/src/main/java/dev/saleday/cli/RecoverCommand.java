package dev.saleday.cli;

import dev.saleday.chaos.ChaosRefusedException;
import dev.saleday.chaos.Guardrails;
import dev.saleday.chaos.KubeconfigContext;
import dev.saleday.chaos.Recovery;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.Plan;
import dev.saleday.plan.Target;
import dev.saleday.records.JournalFile;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Undoes, newest first, every fault a run's journal.jsonl shows as not undone (a run killed",
            "with kill -9, a connection lost at the end). Idempotent: a second recover finds nothing pending.",
            "The cluster is the run's (target.kubeconfig/context), its context checked against the run's",
            "guards.allowContexts before any call."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:nothing was pending, or every pending fault was undone",
            "2:not a run directory, no journal, or a refused context",
            "3:an undo failed (the journal says which; run recover again)"})
final class RecoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "a run directory written by `saleday run`")
    Path runDir;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "overrides the run's target.kubeconfig")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "CONTEXT", description = "overrides the run's target.context")
    String context;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Plan plan = RunDirectories.plan(runDir, spec.commandLine().getErr());
        if (!Files.isRegularFile(runDir.resolve(JournalFile.FILE_NAME))) {
            throw new InvalidInputException("no " + JournalFile.FILE_NAME + " in " + runDir
                    + ": the run applied no fault");
        }
        if (plan.target().cluster() == Target.ClusterKind.LOCAL && kubeconfig == null) {
            out.println("recover: " + runDir + " ran on the embedded cluster, which ended with the run (its pods"
                    + " and every change went with it): nothing to undo");
            out.flush();
            return ExitCodes.PASS;
        }
        Path file = kubeconfig != null ? kubeconfig
                : plan.target().kubeconfig() == null ? null : Path.of(plan.target().kubeconfig());
        List<Recovery.Outcome> outcomes;
        try {
            String resolved = KubeconfigContext.resolve(file, context != null ? context : plan.target().context());
            Guardrails.checkContext(resolved, plan.guards());
            try (KubernetesClient client = KubeconfigContext.open(file, resolved)) {
                outcomes = Recovery.recover(runDir, client);
            }
        } catch (ChaosRefusedException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        if (outcomes.isEmpty()) {
            out.println("recover: nothing pending in " + runDir.resolve(JournalFile.FILE_NAME));
        }
        boolean allUndone = true;
        for (Recovery.Outcome outcome : outcomes) {
            out.println("recover: " + (outcome.undone() ? "undone " : "FAILED ") + outcome.fault() + " ("
                    + outcome.action() + "): " + outcome.undo() + (outcome.undone() ? "" : " - " + outcome.message()));
            allUndone &= outcome.undone();
        }
        out.flush();
        return allUndone ? ExitCodes.PASS : ExitCodes.INTERNAL;
    }
}
