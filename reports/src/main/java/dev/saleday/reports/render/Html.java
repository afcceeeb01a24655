package dev.saleday.reports.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Escaping for the HTML report. Every string that reaches the page (plan names, check names, messages come from
 * users and from the cluster) goes through one of these; nothing is concatenated raw.
 */
final class Html {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Html() {
    }

    /** Text for element content and quoted attribute values: {@code & < > " '} become entities. */
    static String text(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON for the inside of a {@code <script type="application/json">} block: {@code < > &} and the JavaScript line
     * separators are written as unicode escapes, so no value can close the script element or open a comment.
     */
    static String jsonForScript(Object value) {
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report data is not serializable to JSON: " + e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
