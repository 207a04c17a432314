package org.dialtone.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the management API of a running switch as an operator's script would ({@code Authorization: Bearer}). */
final class AdminClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String authorization;

    AdminClient(int port, String authorization) {
        this.port = port;
        this.authorization = authorization;
    }

    static AdminClient bearer(int port, String token) { return new AdminClient(port, "Bearer " + token); }

    record Reply(int status, String text, JsonNode body) {
        JsonNode data() { return body.path("data"); }
        String error() { return body.path("error").asString(); }
        @Override public String toString() { return status + " " + text; }
    }

    Reply get(String path) { return send("GET", path, null); }
    Reply post(String path, String json) { return send("POST", path, json); }
    Reply patch(String path, String json) { return send("PATCH", path, json); }
    Reply delete(String path) { return send("DELETE", path, null); }

    /** {@code path} below {@code /v1.0/admin}. */
    Reply send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1.0/admin" + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) b.header("Authorization", authorization);
        if (json != null) b.header("Content-Type", "application/json");
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
