package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;

/** What the API answers: a status code and a JSON document, or plain text (logs). */
public record ApiResponse(int code, JsonNode json, String text) {

    public static ApiResponse of(int code, JsonNode json) {
        return new ApiResponse(code, json, null);
    }

    public static ApiResponse text(String text) {
        return new ApiResponse(200, null, text);
    }

    public static ApiResponse error(ApiException e) {
        return of(e.code(), Status.failure(e.code(), e.reason(), e.getMessage()));
    }
}
