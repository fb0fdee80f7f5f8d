package io.tinywide.chatsync.fake.gdrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** One HTTP request as the handlers see it: method (after {@code X-HTTP-Method-Override}), path, query, body. */
final class Exchange {
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpExchange http;
    final String method;
    final String path;
    final Map<String, String> query;
    private byte[] body;

    Exchange(HttpExchange http) {
        this.http = http;
        String override = http.getRequestHeaders().getFirst("X-HTTP-Method-Override");
        this.method = (override != null && "POST".equals(http.getRequestMethod()) ? override
                : http.getRequestMethod()).toUpperCase(Locale.ROOT);
        this.path = http.getRequestURI().getRawPath();
        this.query = parseQuery(http.getRequestURI().getRawQuery());
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** The request body, un-gzipped when it came with {@code Content-Encoding: gzip} (Google's clients do that). */
    byte[] body() throws IOException {
        if (body == null) {
            byte[] raw;
            try (InputStream in = http.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String encoding = header("Content-Encoding");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    raw = in.readAllBytes();
                }
            }
            body = raw;
        }
        return body;
    }

    ObjectNode jsonBody() throws IOException {
        byte[] bytes = body();
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // fall through to Drive's answer for a body that is not a JSON object
        }
        throw DriveError.badRequest("Invalid JSON payload received.");
    }

    Map<String, String> formBody() throws IOException {
        return parseQuery(new String(body(), StandardCharsets.UTF_8));
    }

    void json(int status, JsonNode node) throws IOException {
        send(status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(node));
    }

    void send(int status, String contentType, byte[] bytes) throws IOException {
        if (contentType != null) {
            http.getResponseHeaders().set("Content-Type", contentType);
        }
        if (bytes.length == 0) {
            http.sendResponseHeaders(status, -1);
            http.close();
            return;
        }
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    void empty(int status) throws IOException {
        http.sendResponseHeaders(status, -1);
        http.close();
    }
}
