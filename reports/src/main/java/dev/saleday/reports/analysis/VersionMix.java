package dev.saleday.reports.analysis;

import java.util.Map;
import java.util.TreeMap;

/**
 * The model versions that answered in one second (load answers, from answers.jsonl, and probe answers).
 *
 * @param startMs            epoch ms of the second
 * @param answersByVersion   successful answers per version ({@code unknown} when the answer named none)
 */
public record VersionMix(long startMs, Map<String, Long> answersByVersion) {
    public VersionMix {
        answersByVersion = java.util.Collections.unmodifiableMap(new TreeMap<>(answersByVersion));
    }
}
