package dev.saleday.localkube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/** A printer given as its columns and a function from object (and now) to cells. */
record KindPrinter(List<Column> columns, BiFunction<JsonNode, Instant, List<Object>> rows) implements Printer {

    KindPrinter {
        columns = List.copyOf(columns);
    }

    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        List<Object> cells = rows.apply(object, now);
        if (cells.size() != columns.size()) {
            throw new IllegalStateException("a row has " + cells.size() + " cells for " + columns.size() + " columns");
        }
        return cells;
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String age(JsonNode object, Instant now) {
        return HumanDuration.since(object.path("metadata").path("creationTimestamp"), now);
    }
}
