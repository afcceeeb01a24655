package dev.saleday.records;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading optional fields of a record line: absent and JSON null both read as Java null. */
final class JsonFields {

    private JsonFields() {
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }
}
