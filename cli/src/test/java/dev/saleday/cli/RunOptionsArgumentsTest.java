package dev.saleday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.cli.run.RunOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line {@link RunOptions#arguments()} writes (what the Maven plugin forks) reads back as the same value. */
class RunOptionsArgumentsTest {

    @Test
    void everyOptionSurvivesTheCommandLine() {
        RunOptions options = RunOptions.of(Path.of("plans/ci.yaml")).withOut(Path.of("target/run"))
                .withTarget("kubeconfig").withKubeconfig(Path.of("kube.yaml")).withContext("staging")
                .withDryRun(true).withBaseline(Path.of("old/verdict.json")).withScale(0.5).withInjectors(3);

        assertThat(parsed(options)).isEqualTo(new RunOptions(Path.of("plans/ci.yaml").toAbsolutePath(), "kubeconfig",
                null, "staging", null, true, null, 0.5, 3).withOut(Path.of("target/run").toAbsolutePath())
                .withKubeconfig(Path.of("kube.yaml").toAbsolutePath())
                .withBaseline(Path.of("old/verdict.json").toAbsolutePath()))
                .isNotEqualTo(RunOptions.of(Path.of("plans/ci.yaml").toAbsolutePath()));
    }

    @Test
    void noOverrideWritesOnlyThePlan() {
        RunOptions plain = RunOptions.of(Path.of("plans/ci.yaml"));

        assertThat(plain.arguments()).containsExactly("run", Path.of("plans/ci.yaml").toAbsolutePath().toString());
        assertThat(parsed(plain)).isEqualTo(RunOptions.of(Path.of("plans/ci.yaml").toAbsolutePath()));
    }

    @Test
    void capacityAndCalibrateReadThePlanAndTheTargetOverridesAsRunDoes() {
        String[] args = {"plans/ci.yaml", "--target", "kubeconfig", "--kubeconfig", "kube.yaml", "--context", "staging"};
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        CapacityCommand capacity = new CapacityCommand();
        new CommandLine(capacity).parseArgs(args);
        CalibrateCommand calibrate = new CalibrateCommand();
        new CommandLine(calibrate).parseArgs(args);

        RunOptions expected = RunOptions.of(Path.of("plans/ci.yaml")).withTarget("kubeconfig")
                .withKubeconfig(Path.of("kube.yaml")).withContext("staging");
        assertThat(run.options(null)).isEqualTo(expected);
        assertThat(capacity.targetOptions.runOptions()).isEqualTo(expected);
        assertThat(calibrate.targetOptions.runOptions()).isEqualTo(expected);
    }

    private static RunOptions parsed(RunOptions options) {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs(options.arguments().subList(1, options.arguments().size())
                .toArray(String[]::new));
        assertThat(options.arguments().get(0)).isEqualTo("run");
        return command.options(command.out);
    }
}
