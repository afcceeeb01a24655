package dev.saleday.simulations;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Traffic;
import dev.saleday.records.InjectorFile;
import dev.saleday.records.InjectorSecond;
import dev.saleday.simulations.traffic.Shard;
import dev.saleday.simulations.traffic.TrafficModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LoadRecorderTest {

    @TempDir
    Path runDir;

    /**
     * The first phase's first request and the load-start user are both due at the injector's time zero and Gatling
     * runs them in either order: a request sent first must start the load, not count its lag from the epoch.
     */
    @Test
    void aRequestSentBeforeTheLoadStartUserStartsTheLoadItself() {
        TrafficModel model = TrafficModel.of(new Traffic(1, new Traffic.Users(Traffic.Users.Distribution.ZIPF, 1000,
                1.1), List.of(new Traffic.KWeight(10, 1)), 1, Duration.ofSeconds(2),
                List.of(new Phase("steady", Duration.ofSeconds(2), 10, 10))));
        long before = System.currentTimeMillis();
        LoadRecorder recorder = new LoadRecorder(model, Shard.WHOLE, runDir, new LoadListener() { }, 0.95);
        recorder.requestSent(0);
        recorder.start(System.currentTimeMillis() + 5_000); // the start user, late: the load had started already
        recorder.close();

        assertThat(recorder.loadStartMs()).isBetween(before, System.currentTimeMillis());
        List<InjectorSecond> seconds = new ArrayList<>();
        InjectorFile.read(runDir.resolve(InjectorFile.FILE_NAME), seconds::add);
        assertThat(seconds).isNotEmpty();
        InjectorSecond first = seconds.get(0);
        assertThat(first.sent()).isEqualTo(1);
        assertThat(first.sendLagMaxMs()).as("the request's send lag, ms").isBetween(0L, 1_000L);
        assertThat(seconds.stream().mapToLong(InjectorSecond::sent).sum()).isEqualTo(1);
    }
}
