package dev.saleday.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.records.AnswerCount;
import dev.saleday.records.AnswersFile;
import dev.saleday.records.PodMetricsFile;
import dev.saleday.records.ProbeFile;
import dev.saleday.records.ProbeRecord;
import dev.saleday.reports.observed.ServerSide;
import dev.saleday.reports.observed.ServerView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pods' own request counts (pod-metrics.jsonl, scraped through the API server's pod proxy) against what the
 * client saw answered by each pod (answers.jsonl for the load, probe.jsonl for the prober, both by X-Pod-Name).
 * They agree within what was in flight at the ends: the pods' in-flight gauges at the first and last rounds, and the
 * requests the client gave up on (a timeout has no pod name on the client's side, while the pod may still answer).
 * A pod that stopped between two scrapes took its last answers with it; its client-side count may exceed its own by
 * at most what the client saw it answer after its last scrape.
 */
final class PodCountsCrossCheck {

    private PodCountsCrossCheck() {
    }

    /** @return the server view, after asserting the cross-check */
    static ServerView assertAddsUp(Path runDir) {
        PodMetricsFile.Contents contents = PodMetricsFile.read(runDir.resolve(PodMetricsFile.FILE_NAME));
        ServerView view = ServerSide.of(contents);
        assertThat(view.hasData()).as("scrapes: %s", view.notes()).isTrue();
        long roundZeroMs = contents.scrapes().stream().filter(s -> s.round() == 0)
                .mapToLong(PodMetricsFile.Scrape::tMs).min().orElseThrow();

        List<AnswerCount> answers = new ArrayList<>();
        AnswersFile.read(runDir.resolve(AnswersFile.FILE_NAME), answers::add);
        List<ProbeRecord> probes = new ArrayList<>();
        ProbeFile.read(runDir.resolve(ProbeFile.FILE_NAME), probes::add);
        long clientGaveUp = answers.stream().filter(a -> a.pod() == null).mapToLong(AnswerCount::failed).sum()
                + probes.stream().filter(p -> p.pod() == null && p.sentAtMs() >= roundZeroMs).count();
        double inFlight = view.inFlightAtStart() + view.inFlightAtEnd();
        // a probe sent while round 0 was being asked may land on either side of a pod's baseline
        long roundZeroSpread = probes.stream().filter(p -> Math.abs(p.sentAtMs() - roundZeroMs) < 1_000).count();
        double tolerance = inFlight + clientGaveUp + roundZeroSpread;

        Map<String, ServerView.PodServed> pods = new HashMap<>();
        view.pods().forEach(p -> pods.put(p.pod(), p));
        long podsTotal = 0;
        long clientTotal = 0;
        for (ServerView.PodServed pod : view.pods()) {
            long client = clientAnswered(answers, probes, pod.pod(), roundZeroMs, Long.MIN_VALUE);
            podsTotal += pod.predictAnswered();
            clientTotal += client;
            if (pod.atEnd()) {
                assertThat((double) Math.abs(pod.predictAnswered() - client))
                        .as("pod %s: its own count %d vs the client's %d", pod.pod(), pod.predictAnswered(), client)
                        .isLessThanOrEqualTo(tolerance);
            } else {
                long afterLastScrape = clientAnswered(answers, probes, pod.pod(), roundZeroMs, pod.lastMs() - 1_000);
                assertThat((double) pod.predictAnswered()).as("pod %s (gone before the end)", pod.pod())
                        .isLessThanOrEqualTo(client + tolerance);
                assertThat((double) (client - pod.predictAnswered()))
                        .as("pod %s: the client's %d over its own %d, %d answered after its last scrape", pod.pod(),
                                client, pod.predictAnswered(), afterLastScrape)
                        .isLessThanOrEqualTo(afterLastScrape + tolerance);
            }
        }
        assertThat(podsTotal).isEqualTo(view.predictAnswered()).isPositive();
        assertThat(clientTotal).isPositive();
        return view;
    }

    /** What the client saw one pod answer (ok or failed), from {@code fromMs} on (epoch ms, second resolution). */
    private static long clientAnswered(List<AnswerCount> answers, List<ProbeRecord> probes, String pod,
                                       long roundZeroMs, long fromMs) {
        long count = 0;
        for (AnswerCount answer : answers) {
            if (pod.equals(answer.pod()) && answer.tMs() >= fromMs) {
                count += answer.ok() + answer.failed();
            }
        }
        for (ProbeRecord probe : probes) {
            if (pod.equals(probe.pod()) && probe.sentAtMs() >= roundZeroMs && probe.sentAtMs() >= fromMs) {
                count++;
            }
        }
        return count;
    }
}
