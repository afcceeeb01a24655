package dev.saleday.plan;

import java.util.Collection;
import java.util.Optional;

/** Finds the known name a misspelt one was probably meant to be (Levenshtein distance). */
final class NearestName {

    private NearestName() {
    }

    static Optional<String> of(String misspelt, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(misspelt.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int tolerated = Math.max(2, misspelt.length() / 3);
        return best != null && bestDistance <= tolerated ? Optional.of(best) : Optional.empty();
    }

    /** @return " (did you mean 'x'?)" or, when nothing is near, " (expected one of: a, b, c)" */
    static String hint(String misspelt, Collection<String> known) {
        return of(misspelt, known).map(n -> "; did you mean '" + n + "'?")
                .orElse("; expected one of: " + String.join(", ", known));
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
