package dev.saleday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saleday capacity}'s own options: a bad one is named, exit 2, before any cluster or run directory. */
class CapacityOptionsTest {

    record Result(int exitCode, String err) {
    }

    static Result capacity(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Saleday.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, err.toString());
    }

    @Test
    void aWarmUpThatIsNoDurationIsNamedAndTouchesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        Result result = capacity("capacity", "../plans/ci.yaml", "--warm-up", "soon", "--out", out.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).contains("--warm-up: expected a duration such as 500ms, 30s");
        assertThat(Files.exists(out)).as("no run directory").isFalse();
    }
}
