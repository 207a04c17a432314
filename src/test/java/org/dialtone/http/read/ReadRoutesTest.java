package org.dialtone.http.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.call.CallService;
import org.dialtone.core.call.LiveCalls;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.event.InProcessEventBus;
import org.dialtone.http.ApiAuthenticator;
import org.dialtone.http.HttpServer;
import org.dialtone.store.Database;
import org.dialtone.store.JdbiCallRecordRepository;
import org.dialtone.store.JdbiCustomerRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read routes over HTTP on a real server, store and core without calls: authentication, the rate limit, errors
 * in the envelope, and the history's JSON and CSV with a name that needs quoting.
 */
class ReadRoutesTest {
    private static final String TOKEN = "acme-token-0123456789abcdef0123456789";
    private static final String OTHER = "other-token-0123456789abcdef012345678";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir Path tmp;
    private Database db;
    private CallService calls;
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach void start() {
        db = Database.open(Database.sqliteUrl(tmp), null, null);
        var customers = new JdbiCustomerRepository(db.jdbi());
        customers.upsertCustomer(new Customer("1000001", "Acme"));
        customers.upsertCustomer(new Customer("2000002", "Other"));
        customers.upsertExtension(new Extension("1000001", "226", "=Smith, \"Ann\"", "226",
                DigestCredentials.derive("226", "dialtone", "secret-226")));
        customers.upsertToken(new ApiToken("1000001", ApiToken.hash(TOKEN), "t"));
        customers.upsertToken(new ApiToken("2000002", ApiToken.hash(OTHER), "o"));
        var records = new JdbiCallRecordRepository(db.jdbi());
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        records.save(List.of(new CallRecord("1.1", "1000001", "+14155550000", "226", t0, t0.plusSeconds(2),
                t0.plusSeconds(62), "answered", "inbound", "+14155550000", "carrier1")));
        Directory directory = new Directory(customers);
        directory.reload();
        calls = new CallService(directory, new InProcessEventBus(), records,
                new CallService.Settings(Duration.ofSeconds(30), Duration.ofSeconds(30), 701, 703, Duration.ZERO));
        var routes = new ReadRoutes(new LiveCalls(calls, user -> List.of()), records, directory,
                new ApiAuthenticator(customers), 1, 5);
        server = new HttpServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Map.of(), routes);
    }

    @AfterEach void stop() {
        if (server != null) server.close();
        if (calls != null) calls.close();
        if (db != null) db.close();
    }

    @Test void withoutAValidTokenEveryReadIs401InTheEnvelope() {
        for (String path : List.of("/v1.0/channels", "/v1.0/channels/x", "/v1.0/parking", "/v1.0/extensions",
                "/v1.0/extensions/226", "/v1.0/calls")) {
            var r = get(path, null, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"dialtone\"");
            assertThat(json(r).path("error").asString()).isEqualTo("unauthorized");
            assertThat(get(path, "Bearer wrong-token-000000000000000000000", null).statusCode()).isEqualTo(401);
        }
    }

    @Test void theHistoryComesAsJsonOrAsCsvWithNamesQuotedAndDefused() {
        var r = get("/v1.0/calls", "Bearer " + TOKEN, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).contains("5");
        JsonNode call = json(r).path("calls").get(0);
        assertThat(call.path("callee_name").asString()).isEqualTo("=Smith, \"Ann\"");
        assertThat(call.path("start_time").asString()).isEqualTo("1796119200");
        assertThat(call.path("duration").asLong()).isEqualTo(62);
        assertThat(call.path("talk_duration").asLong()).isEqualTo(60);
        assertThat(json(r).path("next_cursor").isNull()).isTrue();

        var csv = get("/v1.0/calls", "Bearer " + TOKEN, "text/csv");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo(String.join(",", CallRows.COLUMNS) + "\r\n"
                + "1.1,1.1,1000001,inbound,'+14155550000,,226,\"'=Smith, \"\"Ann\"\"\",1796119200,1796119202,"
                + "1796119262,62,60,answered,answered,'+14155550000,carrier1\r\n");
        assertThat(json(get("/v1.0/calls", "Bearer " + OTHER, null)).path("calls")).isEmpty();
    }

    @Test void emptyLotAndUnknownThingsAndBadValuesAnswerInTheEnvelope() {
        JsonNode spots = json(get("/v1.0/parking", "Bearer " + TOKEN, null)).path("spots");
        assertThat(spots.toString()).isEqualTo(
                "[{\"spot\":\"701\",\"occupied\":false},{\"spot\":\"702\",\"occupied\":false},{\"spot\":\"703\",\"occupied\":false}]");
        var extension = json(get("/v1.0/extensions/226", "Bearer " + TOKEN, null));
        assertThat(extension.path("status").asString()).isEqualTo("offline");
        var foreign = get("/v1.0/extensions/226", "Bearer " + OTHER, null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(json(foreign).path("error").asString()).isEqualTo("not_found");
        assertThat(get("/v1.0/channels/7b425045-8977-4529-8bf5-ebcbbdf41db0", "Bearer " + TOKEN, null).statusCode())
                .isEqualTo(404);
        var bad = get("/v1.0/calls?from=yesterday", "Bearer " + TOKEN, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).toString()).contains("\"code\":400", "\"error\":\"invalid_field\"", "\"field\":\"from\"");
    }

    @Test void readsHaveThePerTokenRateLimit() {
        for (int i = 0; i < 5; i++) assertThat(get("/v1.0/channels", "Bearer " + TOKEN, null).statusCode()).isEqualTo(200);
        var limited = get("/v1.0/channels", "Bearer " + TOKEN, null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).path("error").asString()).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/v1.0/channels", "Bearer " + OTHER, null).statusCode()).as("another token").isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String authorization, String accept) {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) b.header("Authorization", authorization);
        if (accept != null) b.header("Accept", accept);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) { return JSON.readTree(r.body()); }
}
