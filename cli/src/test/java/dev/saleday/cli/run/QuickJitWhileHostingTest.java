package dev.saleday.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.saleday.simulations.host.CpuSpeedProbe;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The directive on this very JVM (HotSpot, as every JVM the project supports): while it is in force a method made
 * hot is compiled by C1 at tier 1 and never by C2 (tier 4); closed, the JVM's directives are its defaults again.
 */
class QuickJitWhileHostingTest {

    @Test
    void whileHostingAHotMethodStaysWithC1AndClosingRestoresTheDefaults() throws Exception {
        assertThat(QuickJitWhileHosting.printed()).doesNotContain("Exclude:true");

        try (QuickJitWhileHosting jit = QuickJitWhileHosting.start()) {
            assertThat(jit.c1Only()).isTrue();
            assertThat(QuickJitWhileHosting.printed()).contains("Exclude:true");

            long[] sink = {0};
            // polled, not slept: the compile queue is served in the background
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (int i = 0; i < 200_000; i++) {
                    sink[0] += HotMethod.mix(i);
                }
                return levels(MIX).contains(1) || levels(MIX).contains(4);
            });
            assertThat(levels(MIX)).as("tiers HotMethod.mix was compiled at (sink %d)", sink[0])
                    .contains(1).doesNotContain(4);

            // the instrument keeps C2: its readings compare with a run that kept C2 everywhere
            Method compute = CpuSpeedProbe.class.getDeclaredMethod("compute", float[].class);
            compute.setAccessible(true);
            float[] data = new float[8192 * 32];
            java.util.Arrays.fill(data, 0.5f);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (int i = 0; i < 20; i++) {
                    sink[0] += (long) (double) compute.invoke(null, (Object) data);
                }
                return levels(PROBE).contains(4) || levels(PROBE).contains(1);
            });
            assertThat(levels(PROBE)).as("tiers CpuSpeedProbe.compute was compiled at").contains(4);
        }
        assertThat(QuickJitWhileHosting.printed()).doesNotContain("Exclude:true");
    }

    @Test
    void closingTwiceTakesBackOnlyItsOwnDirective() throws Exception {
        try (QuickJitWhileHosting outer = QuickJitWhileHosting.start()) {
            QuickJitWhileHosting inner = QuickJitWhileHosting.start();
            inner.close();
            inner.close();
            assertThat(QuickJitWhileHosting.printed()).as("the outer directive").contains("Exclude:true");
        }
        assertThat(QuickJitWhileHosting.printed()).doesNotContain("Exclude:true");
    }

    @Test
    void thePropertyKeepsC2() {
        System.setProperty(QuickJitWhileHosting.TIERED_PROPERTY, "true");
        try (QuickJitWhileHosting jit = QuickJitWhileHosting.start()) {
            assertThat(jit.c1Only()).isFalse();
        } finally {
            System.clearProperty(QuickJitWhileHosting.TIERED_PROPERTY);
        }
    }

    private static final String MIX = HotMethod.class.getName() + ".mix(";
    private static final String PROBE = CpuSpeedProbe.class.getName() + ".compute(";

    /** @return the tiers {@code method} has code in use at now, as {@code jcmd PID Compiler.codelist} lists them */
    private static List<Integer> levels(String method) throws Exception {
        String codelist = QuickJitWhileHosting.diagnosticCommand("compilerCodelist");
        // "<compile id> <tier> <state> <method> [...]"; state 0 is code in use
        return codelist.lines().filter(line -> line.contains(method))
                .map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields[2].equals("0"))
                .map(fields -> Integer.parseInt(fields[1])).toList();
    }

    static final class HotMethod {
        static long mix(long x) {
            long sum = 0;
            for (int i = 0; i < 50; i++) {
                sum += (x ^ i) * 31;
            }
            return sum;
        }
    }
}
