package dev.saleday.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.plan.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Command-line overrides change the plan and are validated as the plan file is. */
class RunOptionsTest {

    static final String PLAN = """
            apiVersion: saleday/v1
            kind: GameDay
            metadata: {name: t}
            target: {namespace: shop, deployment: reco, service: reco-svc, manifests: .}
            traffic:
              phases: [{name: steady, duration: 30s, rate: 20}]
            guards: {allowContexts: [saleday-local, staging]}
            """;

    static RunOptions options(String target, String context) {
        return new RunOptions(Path.of("t.yaml"), target, null, context, null, false, null);
    }

    @Test
    void noOverrideKeepsThePlan() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");
        assertThat(options(null, null).applyTo(plan, new PrintWriter(new StringWriter()))).isSameAs(plan);
    }

    @Test
    void anAllowedContextTurnsTheTargetIntoKubeconfig() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");

        Plan changed = options("kubeconfig", "staging").applyTo(plan, new PrintWriter(new StringWriter()));

        assertThat(changed.target().cluster()).isEqualTo(Target.ClusterKind.KUBECONFIG);
        assertThat(changed.target().context()).isEqualTo("staging");
        assertThat(changed.target().manifests()).isNull();
    }

    @Test
    void aContextOutsideTheAllowlistIsRefusedWithItsReason() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");
        StringWriter err = new StringWriter();

        assertThatThrownBy(() -> options("kubeconfig", "production").applyTo(plan, new PrintWriter(err, true)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(err.toString()).contains("--context: context 'production' is not in guards.allowContexts"
                + " [saleday-local, staging]");
    }

    @Test
    void contextWithoutKubeconfigTargetIsRefused() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");
        StringWriter err = new StringWriter();
        assertThatThrownBy(() -> options(null, "staging").applyTo(plan, new PrintWriter(err, true)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(err.toString()).contains("--target kubeconfig");
    }

    @Test
    void aScaleIsCheckedOnThePlanAndTheProblemNamesTheOption() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");
        StringWriter err = new StringWriter();

        assertThatThrownBy(() -> new RunOptions(Path.of("t.yaml"), null, null, null, null, false, null, 0.0)
                .applyTo(plan, new PrintWriter(err, true)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("1 problem in the command-line options; nothing was run");
        assertThat(err.toString()).isEqualTo("--scale: must be > 0, got 0" + System.lineSeparator());

        Plan halved = new RunOptions(Path.of("t.yaml"), null, null, null, null, false, null, 0.5)
                .applyTo(plan, new PrintWriter(new StringWriter()));
        assertThat(halved.traffic().scale()).isEqualTo(0.5);
        assertThat(halved.traffic().phases()).isEqualTo(plan.traffic().phases());
    }

    @Test
    void injectorsOverrideThePlanAndAreCheckedLikeIt() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");
        StringWriter err = new StringWriter();

        assertThatThrownBy(() -> RunOptions.of(Path.of("t.yaml")).withInjectors(0)
                .applyTo(plan, new PrintWriter(err, true)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(err.toString()).isEqualTo("--injectors: must be a whole number from 1 (the load sent from saleday"
                + " itself) to 1000, got 0" + System.lineSeparator());

        assertThat(plan.traffic().injectors()).isEqualTo(1);
        Plan three = RunOptions.of(Path.of("t.yaml")).withInjectors(3).applyTo(plan, new PrintWriter(new StringWriter()));
        assertThat(three.traffic().injectors()).isEqualTo(3);
        assertThat(three.traffic().withInjectors(1)).isEqualTo(plan.traffic());
    }

    @Test
    void everyWrongOptionIsReportedAtOnce() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");
        StringWriter err = new StringWriter();

        assertThatThrownBy(() -> new RunOptions(Path.of("t.yaml"), "cloud", null, null, null, false, null, -2.0)
                .applyTo(plan, new PrintWriter(err, true)))
                .hasMessage("2 problems in the command-line options; nothing was run");
        assertThat(err.toString().lines()).containsExactly("--target: expected local or kubeconfig, got 'cloud'",
                "--scale: must be > 0, got -2");
    }
}
