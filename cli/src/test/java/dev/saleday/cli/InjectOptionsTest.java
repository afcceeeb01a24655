package dev.saleday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code saleday inject}'s durations are checked before anything else: a bad one is exit 2 naming the option. */
class InjectOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"--warm-up", "--linger", "--wait-for-start"})
    void aDurationThatIsNoDurationIsNamed(String option) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Saleday.execute(new PrintWriter(out), new PrintWriter(err), "inject", option, "soon");
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.INVALID);
        assertThat(err.toString()).contains(option + ": expected a duration such as 500ms, 30s");
    }
}
