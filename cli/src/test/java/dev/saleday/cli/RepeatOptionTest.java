package dev.saleday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code saleday run PLAN --repeat N}: bad values are refused before anything runs. */
class RepeatOptionTest {

    static final String CI_PLAN = Path.of("..", "plans", "ci.yaml").toAbsolutePath().normalize().toString();

    @Test
    void aRepeatBelowOneOrWithADryRunIsRefusedWithExitTwo() {
        StringWriter err = new StringWriter();
        assertThat(Saleday.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", CI_PLAN,
                "--repeat", "0")).isEqualTo(ExitCodes.INVALID);
        assertThat(err.toString()).contains("--repeat: must be >= 1, got 0");

        StringWriter err2 = new StringWriter();
        assertThat(Saleday.execute(new PrintWriter(new StringWriter()), new PrintWriter(err2), "run", CI_PLAN,
                "--repeat", "3", "--dry-run")).isEqualTo(ExitCodes.INVALID);
        assertThat(err2.toString()).contains("--repeat and --dry-run do not go together");
    }
}
