package dev.saleday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.cli.injectors.InjectorFleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code -Dsaleday.injector.cpu} that is no positive CPU quantity is refused with exit 2 before the run touches a
 * cluster or writes a run directory (a run with one injector never reads it).
 */
class InjectorCpuOptionTest {

    @TempDir
    Path out;

    @AfterEach
    void clearProperty() {
        System.clearProperty(InjectorFleet.CPU_PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "0", "-1", "2Gi", "500 m"})
    void aCpuThatIsNoPositiveQuantityIsRefusedBeforeTheRun(String cpu) {
        System.setProperty(InjectorFleet.CPU_PROPERTY, cpu);
        StringWriter console = new StringWriter();
        StringWriter err = new StringWriter();
        Path runs = out.resolve("runs");
        int code = Saleday.execute(new PrintWriter(console), new PrintWriter(err), "run", "../plans/ci.yaml",
                "--injectors", "2", "--out", runs.toString());
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.INVALID);
        assertThat(err.toString()).contains("-Dsaleday.injector.cpu: expected a positive CPU quantity such as 1, 1.5"
                + " or 500m (the injector pods' CPU request and limit), got '" + cpu + "'");
        assertThat(Files.exists(runs)).as("no run directory").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.5", "500m"})
    void aPositiveQuantityIsTaken(String cpu) {
        System.setProperty(InjectorFleet.CPU_PROPERTY, cpu);
        assertThat(InjectorFleet.cpu()).isPresent();
    }
}
