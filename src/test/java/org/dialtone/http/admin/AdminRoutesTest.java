package org.dialtone.http.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dialtone.core.admin.AdminException;
import org.dialtone.core.admin.Administration;
import org.dialtone.core.admin.Owned;
import org.dialtone.core.admin.RingGroupChange;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.ManagedBy;
import org.dialtone.core.dialplan.RingGroup;
import org.dialtone.http.AdminAuthenticator;
import org.dialtone.http.HttpServer;
import org.dialtone.http.action.TokenRateLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management routes over HTTP on a real server, in front of a stand-in {@link Administration} (its rules are
 * {@code ManagementTest}'s): each admin token's request budget, and what a ring group PATCH passes on.
 */
class AdminRoutesTest {
    private static final String OPS = "ops-admin-token-0123456789";
    private static final String CI = "ci-admin-token-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<RingGroupChange> changes = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach void start() {
        Administration admin = (Administration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Administration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "customers" -> List.of();
                    case "updateRingGroup" -> {
                        if (!args[1].equals("1000001")) {
                            throw new AdminException(AdminException.Reason.NOT_FOUND, null, "No such customer " + args[1]);
                        }
                        RingGroupChange change = (RingGroupChange) args[3];
                        changes.add(change);
                        yield new Owned<>(new RingGroup("1000001", (String) args[2], "Sales",
                                change.members() == null ? List.of("200") : change.members(), null), ManagedBy.API);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        var auth = new AdminAuthenticator(List.of(new AdminAuthenticator.AdminToken("ops", ApiToken.hash(OPS)),
                new AdminAuthenticator.AdminToken("ci", ApiToken.hash(CI))));
        server = new HttpServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Map.of(),
                new AdminRoutes(admin, auth, new TokenRateLimiter(1, 3)));
    }

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    @Test void eachAdminTokenHasARequestBudgetAnsweredWith429AndRetryAfter() {
        for (int left = 2; left >= 0; left--) {
            var ok = send("GET", "/customers", OPS, null);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-RateLimit-Limit")).contains("3");
            assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).contains(Integer.toString(left));
            assertThat(Long.parseLong(ok.headers().firstValue("X-RateLimit-Reset").orElseThrow())).isBetween(1L, 3L);
        }

        var limited = send("PATCH", "/customers/1000001/ring-groups/600", OPS, "{\"name\":\"Sales\"}");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).path("error").asString()).isEqualTo("rate_limited");
        assertThat(json(limited).path("msg").asString()).contains("admin token");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(changes).as("a refused request changes nothing").isEmpty();
        var other = send("GET", "/customers", CI, null);
        assertThat(other.statusCode()).as("another admin token has its own budget").isEqualTo(200);
        assertThat(other.headers().firstValue("X-RateLimit-Remaining")).contains("2");
        assertThat(send("GET", "/customers", null, null).statusCode()).isEqualTo(401);
    }

    @Test void aRingGroupPatchChangesOnlyWhatItsBodyNames() {
        var members = send("PATCH", "/customers/1000001/ring-groups/600", OPS, "{\"members\":[\"201\",202]}");
        assertThat(members.statusCode()).isEqualTo(200);
        assertThat(json(members).path("data").toString()).isEqualTo("{\"number\":\"600\",\"name\":\"Sales\","
                + "\"members\":[\"201\",\"202\"],\"ring_timeout_seconds\":null,\"managed_by\":\"api\"}");
        assertThat(send("PATCH", "/customers/1000001/ring-groups/600", CI, "{\"ring_timeout_seconds\":null}")
                .statusCode()).isEqualTo(200);
        assertThat(changes).containsExactly(new RingGroupChange(null, List.of("201", "202"), false, null),
                new RingGroupChange(null, null, true, null));

        var nullName = send("PATCH", "/customers/1000001/ring-groups/600", CI, "{\"name\":null}");
        assertThat(nullName.statusCode()).isEqualTo(400);
        assertThat(json(nullName).path("error").asString()).isEqualTo("invalid_field");
        assertThat(json(nullName).path("field").asString()).isEqualTo("name");
        assertThat(json(send("PATCH", "/customers/1000001/ring-groups/600", OPS, "{\"members\":\"200\"}")).path("field")
                .asString()).isEqualTo("members");
        assertThat(send("PATCH", "/customers/2000002/ring-groups/600", OPS, "{\"name\":\"X\"}").statusCode()).isEqualTo(404);
        assertThat(changes).hasSize(2);
    }

    private HttpResponse<String> send(String method, String path, String token, String json) {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + AdminRoutes.PREFIX + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (json != null) b.header("Content-Type", "application/json");
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
