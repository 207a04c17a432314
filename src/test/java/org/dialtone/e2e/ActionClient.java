package org.dialtone.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the call-control API of a running switch the way a customer's program would (curl --user token:...). */
final class ActionClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String token;

    ActionClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    record Reply(int status, JsonNode body) {
        String data(String field) { return body.path("data").path(field).asString(); }
        String error() { return body.path("error").asString(); }
        @Override public String toString() { return status + " " + body; }
    }

    Reply park(String channelId, String spot) {
        return post("park", "{\"channel_id\":\"" + channelId + "\",\"parking_spot\":\"" + spot + "\"}");
    }

    Reply transfer(String channelId, String toNumber) {
        return post("blind-transfer", "{\"channel_id\":\"" + channelId + "\",\"to_number\":\"" + toNumber + "\"}");
    }

    /** POSTs {@code json} to {@code /v1.0/action/chan/<action>}. */
    Reply post(String action, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1.0/action/chan/" + action))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("token:" + token).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
