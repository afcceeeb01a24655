package dev.saleday.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saleday.cli.InvalidInputException;
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
        assertThat(err.toString()).contains("target.context: context 'production' is not in guards.allowContexts"
                + " [saleday-local, staging]");
    }

    @Test
    void contextWithoutKubeconfigTargetIsRefused() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");
        assertThatThrownBy(() -> options(null, "staging").applyTo(plan, new PrintWriter(new StringWriter())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--target kubeconfig");
    }
}
