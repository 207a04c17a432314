package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /health}'s sip check asks the SIP listeners themselves, not whether a port number was once assigned. */
class SipHealthIT {
    private final HttpClient client = HttpClient.newHttpClient();
    private final SwitchFixture sw = new SwitchFixture();

    @AfterEach void stop() { sw.close(); }

    @Test
    void healthIsUpWhileTheListenersAnswerAndDownOnceTheyStop() {
        HttpResponse<String> up = health();
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(json(up).at("/checks/sip").asString()).isEqualTo("up");
        assertThat(sw.dialtone.sipListeners().lastRoundTrip()).isPresent();

        sw.dialtone.sip().close(); // the SIP stack stops: its ports are closed, nothing answers OPTIONS

        await("/health notices").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> health().statusCode() == 503);
        JsonNode down = json(health());
        assertThat(down.get("status").asString()).isEqualTo("down");
        assertThat(down.at("/checks/sip").asString()).isEqualTo("down");
        assertThat(down.at("/checks/storage").asString()).isEqualTo("up");
    }

    private HttpResponse<String> health() {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sw.dialtone.httpPort() + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) { return JsonMapper.builder().build().readTree(r.body()); }
}
