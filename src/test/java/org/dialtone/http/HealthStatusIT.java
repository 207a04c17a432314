package org.dialtone.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /health} tells the truth: {@code 503 down} while the SIP stack does not process messages (the "sip" check),
 * {@code 200 up} again once it does, {@code 200 degraded} while the switch sheds load. The SIP check is a seam here
 * (a supplier), as it is in the application: whatever decides "SIP processes messages" plugs in as {@code "sip"}.
 */
class HealthStatusIT {
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicBoolean sipProcessing = new AtomicBoolean(true);
    private final AtomicBoolean shedding = new AtomicBoolean();
    private final HttpServer server;

    HealthStatusIT() {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("sip", sipProcessing::get);
        checks.put("storage", () -> true);
        server = new HttpServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), checks,
                Map.of("load", shedding::get), Map.of(), routes -> { });
    }

    @AfterEach void stop() { server.close(); }

    @Test
    void sipNotProcessingIs503DownAndProcessingAgainIs200Up() throws Exception {
        assertHealth(200, "up", "up", "up");
        sipProcessing.set(false);
        assertHealth(503, "down", "down", "up");
        sipProcessing.set(true);
        assertHealth(200, "up", "up", "up");
    }

    @Test
    void sheddingLoadIs200DegradedAndDownWinsOverDegraded() throws Exception {
        shedding.set(true);
        assertHealth(200, "degraded", "up", "degraded");
        sipProcessing.set(false);
        assertHealth(503, "down", "down", "degraded");
        sipProcessing.set(true);
        shedding.set(false);
        assertHealth(200, "up", "up", "up");
    }

    @Test
    void aCheckThatThrowsCountsAsDown() throws Exception {
        try (HttpServer throwing = new HttpServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Map.<String, BooleanSupplier>of("sip", () -> { throw new IllegalStateException("no answer"); }),
                routes -> { })) {
            HttpResponse<String> r = get(throwing);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(JsonMapper.builder().build().readTree(r.body()).at("/checks/sip").asString()).isEqualTo("down");
        }
    }

    /** Checks are cached a few seconds (HealthChecks), so a changed check shows within that time, not at once. */
    private void assertHealth(int status, String overall, String sip, String load) {
        org.awaitility.Awaitility.await("/health " + status + " " + overall).atMost(java.time.Duration.ofSeconds(8))
                .pollInterval(java.time.Duration.ofMillis(100)).untilAsserted(() -> {
                    HttpResponse<String> r = get(server);
                    JsonNode body = JsonMapper.builder().build().readTree(r.body());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
                    assertThat(body.get("status").asString()).as(r.body()).isEqualTo(overall);
                    assertThat(body.at("/checks/sip").asString()).isEqualTo(sip);
                    assertThat(body.at("/checks/storage").asString()).isEqualTo("up");
                    assertThat(body.at("/checks/load").asString()).isEqualTo(load);
                });
    }

    private HttpResponse<String> get(HttpServer s) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
