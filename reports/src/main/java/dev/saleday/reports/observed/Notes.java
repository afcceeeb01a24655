package dev.saleday.reports.observed;

import dev.saleday.records.PodMetricsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What could not be scraped, one line per source: when no pod could be read, why (the most frequent reason); when
 * some scrapes failed, how many and the most frequent reason; when Prometheus did not answer, why.
 */
final class Notes {

    private Notes() {
    }

    static List<String> of(PodMetricsFile.Contents contents) {
        List<String> notes = new ArrayList<>();
        Map<String, Integer> podReasons = new LinkedHashMap<>();
        Map<String, Integer> promReasons = new LinkedHashMap<>();
        for (PodMetricsFile.Failure failure : contents.failures()) {
            // one cause across pods: a reason that names its pod is the same reason for every pod
            String reason = failure.target() == null || failure.target().isEmpty() ? failure.reason()
                    : failure.reason().replace(" " + failure.target(), "");
            ("prometheus".equals(failure.source()) ? promReasons : podReasons).merge(reason, 1, Integer::sum);
        }
        int failed = podReasons.values().stream().mapToInt(Integer::intValue).sum();
        int scrapes = contents.scrapes().size();
        if (failed > 0 && scrapes == 0) {
            notes.add("the pods' metrics could not be read (" + failed + " of " + failed + " scrapes failed): "
                    + mostFrequent(podReasons) + "; the verdict is the client's alone");
        } else if (failed > 0) {
            notes.add(failed + " of " + (failed + scrapes) + " scrapes of the pods' metrics failed (pods stopping"
                    + " between scrapes fail this way); most often: " + mostFrequent(podReasons));
        } else if (scrapes == 0) {
            notes.add("no pod was scraped: the Deployment had no pod with an IP during the load");
        }
        if (!promReasons.isEmpty()) {
            notes.add("Prometheus (" + contents.header().prometheusUrl() + "): " + mostFrequent(promReasons));
        }
        return notes;
    }

    private static String mostFrequent(Map<String, Integer> reasons) {
        return reasons.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }
}
