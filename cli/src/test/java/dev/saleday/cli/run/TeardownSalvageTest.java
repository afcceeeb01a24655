package dev.saleday.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What an interrupt saves first (the injectors' records) and how it is bounded: a budget, and a second signal. */
class TeardownSalvageTest {

    private final StringWriter console = new StringWriter();
    private final Teardown teardown = new Teardown(new PrintWriter(console, true));
    private final List<String> order = new CopyOnWriteArrayList<>();

    @Test
    void salvageRunsBeforeAnythingIsStoppedAndTheTeardownStillStopsEverything() {
        teardown.add("the Job", () -> order.add("job deleted"));
        teardown.addSalvage("collecting", () -> order.add("collected"));

        teardown.salvage(Duration.ofSeconds(5));
        teardown.run();

        assertThat(order).containsExactly("collected", "job deleted");
        assertThat(console.toString()).isEmpty();
    }

    @Test
    void aSalvageStillRunningWhenTheBudgetIsSpentIsInterruptedAndTheRestSkipped() {
        CountDownLatch interrupted = new CountDownLatch(1);
        teardown.add("the Job", () -> order.add("job deleted"));
        teardown.addSalvage("collecting", () -> {
            try {
                new CountDownLatch(1).await(); // a pod proxy that never answers
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        teardown.addSalvage("the rest", () -> order.add("rest"));

        long startNs = System.nanoTime();
        teardown.salvage(Duration.ofMillis(300));
        long tookMs = (System.nanoTime() - startNs) / 1_000_000;
        teardown.run();

        assertThat(tookMs).isBetween(300L, 5_000L);
        assertThat(order).containsExactly("job deleted");
        assertThat(console.toString()).contains("collecting and the rest cut short");
    }

    @Test
    void aSecondSignalCutsTheSalvageShortAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        teardown.addSalvage("collecting", () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        Thread secondSignal = new Thread(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                return;
            }
            teardown.cutSalvageShort();
        });
        secondSignal.start();

        long startNs = System.nanoTime();
        teardown.salvage(Duration.ofMinutes(1));
        long tookMs = (System.nanoTime() - startNs) / 1_000_000;

        assertThat(tookMs).as("well before the minute's budget").isLessThan(10_000L);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the salvage thread was interrupted").isTrue();
        assertThat(console.toString()).contains("collecting cut short");
    }
}
