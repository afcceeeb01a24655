package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A field selector: {@code path=value}, {@code path==value}, {@code path!=value}, joined by commas, over any
 * dotted field path ({@code metadata.name}, {@code spec.nodeName}, {@code status.phase}, {@code involvedObject.uid}).
 * A missing field reads as the empty string, as Kubernetes does for {@code spec.nodeName=}.
 */
public final class FieldSelector {

    private record Term(String[] path, String value, boolean equal) {
    }

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    public static FieldSelector parse(String text) {
        List<Term> terms = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                String term = part.trim();
                int neq = term.indexOf("!=");
                int eq = term.indexOf('=');
                if (neq > 0) {
                    terms.add(new Term(term.substring(0, neq).trim().split("\\."), term.substring(neq + 2).trim(), false));
                } else if (eq > 0) {
                    int valueAt = term.startsWith("==", eq) ? eq + 2 : eq + 1;
                    terms.add(new Term(term.substring(0, eq).trim().split("\\."), term.substring(valueAt).trim(), true));
                } else {
                    throw ApiException.badRequest("fieldSelector '" + text + "': expected field=value, field==value "
                            + "or field!=value, got '" + term + "'");
                }
            }
        }
        return new FieldSelector(List.copyOf(terms));
    }

    public boolean matches(JsonNode object) {
        for (Term term : terms) {
            JsonNode node = object;
            for (String step : term.path()) {
                node = node.path(step);
            }
            String actual = node.isValueNode() ? node.asText() : "";
            if (actual.equals(term.value()) != term.equal()) {
                return false;
            }
        }
        return true;
    }
}
