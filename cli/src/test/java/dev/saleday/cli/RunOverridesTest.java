package dev.saleday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saleday run} refuses a wrong override before anything starts: the problem names the option, exit 2. */
class RunOverridesTest {

    @Test
    void aWrongScaleIsRefusedNamingTheOptionAndNothingRuns(@TempDir Path dir) throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), ValidateCommandTest.VALID);
        Path out = dir.resolve("run");

        ValidateCommandTest.Result result = ValidateCommandTest.saleday("run", plan.toString(), "--scale", "0",
                "--out", out.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).startsWith("--scale: must be > 0, got 0" + System.lineSeparator())
                .contains("saleday: 1 problem in the command-line options; nothing was run");
        assertThat(out).doesNotExist();
    }
}
