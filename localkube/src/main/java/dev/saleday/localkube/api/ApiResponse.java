package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What the API answers: a status code and a JSON document, or plain text (logs), and the warnings to send as
 * {@code Warning} headers (kubectl prints them as "Warning: ...").
 */
public record ApiResponse(int code, JsonNode json, String text, List<String> warnings) {

    public ApiResponse {
        warnings = List.copyOf(warnings);
    }

    public static ApiResponse of(int code, JsonNode json) {
        return new ApiResponse(code, json, null, List.of());
    }

    public static ApiResponse text(String text) {
        return new ApiResponse(200, null, text, List.of());
    }

    public static ApiResponse error(ApiException e) {
        return of(e.code(), e.status());
    }

    public ApiResponse withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new ApiResponse(code, json, text, all);
    }
}
