package org.dialtone.http.action;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.Extension;
import org.dialtone.http.ApiAuthenticator;
import org.dialtone.http.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real {@link HttpServer} on a free port with the action routes over a {@link FakeCallControl}, and a JDK
 * {@link HttpClient} to talk to it. Tokens: {@link #TOKEN} (customer ACME), {@link #OTHER_TOKEN} (customer OTHER).
 */
final class ApiFixture implements AutoCloseable {
    static final String TOKEN = "acme-token-0123456789abcdef0123456789";
    static final String OTHER_TOKEN = "other-token-0123456789abcdef012345678";
    static final JsonMapper JSON = JsonMapper.builder().build();

    final FakeCallControl control = new FakeCallControl();
    final HttpServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiFixture() { this(new ActionSettings(1000, 1000, Duration.ofSeconds(2))); }

    ApiFixture(ActionSettings settings) {
        var auth = new ApiAuthenticator(new TokenRepository(Map.of(
                ApiToken.hash(TOKEN), new ApiToken(FakeCallControl.ACME, ApiToken.hash(TOKEN), "test"),
                ApiToken.hash(OTHER_TOKEN), new ApiToken(FakeCallControl.OTHER, ApiToken.hash(OTHER_TOKEN), "other"))));
        server = new HttpServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Map.of(),
                routes -> {
                    new ActionRoutes(control, auth, settings).accept(routes);
                    new org.dialtone.http.openapi.OpenApiDocument().accept(routes);
                });
    }

    URI uri(String path) { return URI.create("http://127.0.0.1:" + server.port() + path); }

    static String basic(String token) {
        return "Basic " + Base64.getEncoder().encodeToString(("token:" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** POST a JSON body with the ACME token. */
    Response postJson(String path, String json) { return post(path, "application/json", json, basic(TOKEN)); }

    Response post(String path, String contentType, String body, String authorization, String... headers) {
        return send(request(path, authorization, headers)
                .headers(contentType == null ? new String[] {"X-No-Content-Type", "1"} : new String[] {"Content-Type", contentType})
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    HttpRequest.Builder request(String path, String authorization, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) b.header("Authorization", authorization);
        if (headers.length > 0) b.headers(headers);
        return b;
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() { server.close(); }

    record Response(int status, String body, Map<String, List<String>> headers) {
        JsonNode json() { return JSON.readTree(body); }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        @Override public String toString() { return status + " " + body; }
    }

    /** Only token lookups; the action layer needs nothing else. */
    private record TokenRepository(Map<String, ApiToken> tokens) implements CustomerRepository {
        @Override public Optional<ApiToken> findTokenByHash(String tokenSha256) { return Optional.ofNullable(tokens.get(tokenSha256)); }
        @Override public void upsertCustomer(Customer customer) { throw new UnsupportedOperationException(); }
        @Override public Optional<Customer> findCustomer(String code) { throw new UnsupportedOperationException(); }
        @Override public List<Customer> customers() { throw new UnsupportedOperationException(); }
        @Override public void upsertExtension(Extension extension) { throw new UnsupportedOperationException(); }
        @Override public Optional<Extension> findExtension(String customerCode, String number) { throw new UnsupportedOperationException(); }
        @Override public Optional<Extension> findExtensionBySipUsername(String sipUsername) { throw new UnsupportedOperationException(); }
        @Override public List<Extension> extensions(String customerCode) { throw new UnsupportedOperationException(); }
        @Override public void upsertToken(ApiToken token) { throw new UnsupportedOperationException(); }
        @Override public List<String> disabledCustomers() { throw new UnsupportedOperationException(); }
        @Override public Removal removeCustomer(String code) { throw new UnsupportedOperationException(); }
        @Override public void deleteExtension(String c, String n) { throw new UnsupportedOperationException(); }
        @Override public List<ApiToken> tokens(String c) { throw new UnsupportedOperationException(); }
        @Override public void deleteToken(String hash) { throw new UnsupportedOperationException(); }
    }
}
