package dev.saleday.localkube.api;

import java.util.Map;

/** One HTTP request as the API logic sees it, apart from the transport. */
public record ApiRequest(String method, String path, Map<String, String> query, String contentType, String body,
                         String userAgent) {

    public ApiRequest(String method, String path, Map<String, String> query, String contentType, String body) {
        this(method, path, query, contentType, body, null);
    }

    public String param(String name) {
        return query.get(name);
    }

    public boolean isWatch() {
        return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
    }
}
