package dev.saleday.localkube.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One pod's tasks in order on a shared pool, and nothing thrown at the caller once the pool is shut down. */
class SerialExecutorTest {

    @Test
    void tasksRunInSubmissionOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        SerialExecutor serial = new SerialExecutor(pool);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 200; i++) {
            int n = i;
            serial.execute(() -> ran.add(n));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasSize(200).isSorted();
    }

    @Test
    void aTaskAfterThePoolIsShutDownIsDroppedNotThrownAtTheCaller() {
        ExecutorService pool = Executors.newCachedThreadPool();
        pool.shutdown();
        SerialExecutor serial = new SerialExecutor(pool);
        List<String> ran = new ArrayList<>();
        assertThatCode(() -> serial.execute(() -> ran.add("late"))).doesNotThrowAnyException();
        assertThatCode(() -> serial.execute(() -> ran.add("later"))).doesNotThrowAnyException();
        assertThat(ran).isEmpty();
    }
}
