package dev.saleday.localkube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** How one kind is printed: its columns, and one row of cells per object (every column, wide ones included). */
interface Printer {

    List<Column> columns();

    /** @return one cell per column: a String, Long or Boolean */
    List<Object> cells(JsonNode object, Instant now);
}
