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
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /health} details: shown as they are now, never turning the status down. */
class HealthDetailsTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void detailsAreShownAndDoNotChangeTheStatus() throws Exception {
        AtomicBoolean trunkUp = new AtomicBoolean(true);
        Map<String, Supplier<?>> details = new LinkedHashMap<>();
        details.put("trunks", () -> Map.of("carrier1", Map.of("up", trunkUp.get(), "registered", false)));
        try (HttpServer server = new HttpServer("127.0.0.1", 0, registry(), Map.<String, BooleanSupplier>of("sip", () -> true),
                details, routes -> { })) {
            trunkUp.set(false);
            HttpResponse<String> r = get(server, "/health");
            assertThat(r.statusCode()).as("a trunk being down is not ill health").isEqualTo(200);
            JsonNode body = JsonMapper.builder().build().readTree(r.body());
            assertThat(body.get("status").asString()).isEqualTo("up");
            assertThat(body.at("/checks/sip").asString()).isEqualTo("up");
            assertThat(body.at("/details/trunks/carrier1/up").asBoolean(true)).isFalse();
            assertThat(body.at("/details/trunks/carrier1/registered").isBoolean()).isTrue();
        }
    }

    @Test
    void withoutDetailsTheBodyIsAsBeforeAndAFailingCheckStillCounts() throws Exception {
        try (HttpServer server = new HttpServer("127.0.0.1", 0, registry(),
                Map.<String, BooleanSupplier>of("storage", () -> false), routes -> { })) {
            HttpResponse<String> r = get(server, "/health");
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode body = JsonMapper.builder().build().readTree(r.body());
            assertThat(body.get("status").asString()).isEqualTo("down");
            assertThat(body.has("details")).isFalse();
        }
    }

    @Test
    void manyHealthRequestsRunEachCheckOncePerPeriod() throws Exception {
        java.util.concurrent.atomic.AtomicInteger storageQueries = new java.util.concurrent.atomic.AtomicInteger();
        try (HttpServer server = new HttpServer("127.0.0.1", 0, registry(),
                Map.<String, BooleanSupplier>of("storage", () -> storageQueries.incrementAndGet() > 0), routes -> { })) {
            for (int i = 0; i < 20; i++) assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            assertThat(storageQueries).as("the database is not queried on every /health").hasValue(1);
        }
    }

    @Test
    void aCachedResultExpires() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        AtomicBoolean up = new AtomicBoolean(true);
        HealthChecks checks = new HealthChecks(Map.of("storage", up::get), java.time.Duration.ofSeconds(3), now::get);
        assertThat(checks.results()).containsEntry("storage", true);
        up.set(false);
        now.addAndGet(2_999_000_000L);
        assertThat(checks.results()).as("cached").containsEntry("storage", true);
        now.addAndGet(1_000_000L);
        assertThat(checks.results()).containsEntry("storage", false);
        HealthChecks throwing = new HealthChecks(Map.of("sip", () -> { throw new IllegalStateException("x"); }),
                java.time.Duration.ofSeconds(3), now::get);
        assertThat(throwing.results()).containsEntry("sip", false);
    }

    private static PrometheusMeterRegistry registry() { return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT); }

    private HttpResponse<String> get(HttpServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
