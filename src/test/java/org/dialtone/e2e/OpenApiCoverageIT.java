package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1.0/openapi.json} (no token) documents every route the running switch serves under {@code /v1.0}, and
 * nothing it does not serve. Driven by the routes Javalin holds: a new part of the API passes once its fragment is in
 * {@code http/openapi/} and listed in {@code OpenApiDocument.FRAGMENTS}.
 */
class OpenApiCoverageIT {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    static SwitchFixture sw;

    @BeforeAll static void start() {
        sw = SwitchFixture.with(new SwitchFixture.Extras(Map.of(), "",
                "admin_tokens:\n  - {label: ops, token: " + ManagementApiIT.ADMIN_TOKEN + "}", "", Map.of()));
    }

    @AfterAll static void stop() { sw.close(); }

    @Test
    void everyRouteUnderV10IsDocumentedAndEveryDocumentedOperationIsServed() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sw.httpPort + "/v1.0/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = JsonMapper.builder().build().readTree(r.body());
        assertThat(doc.get("openapi").stringValue()).isEqualTo("3.1.0");

        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                if (METHODS.contains(method)) documented.add(method.toUpperCase() + " " + path.getKey());
            }
        }
        Set<String> served = new TreeSet<>();
        for (String route : sw.dialtone.httpRoutes()) {
            String path = route.substring(route.indexOf(' ') + 1);
            if (path.startsWith("/v1.0/") && !route.startsWith("OPTIONS ") && !route.startsWith("HEAD ")) served.add(route);
        }
        assertThat(served).as("routes the switch serves").contains("GET /v1.0/admin/customers", "GET /v1.0/openapi.json");
        assertThat(documented).as("documented in /v1.0/openapi.json").containsAll(served);
        assertThat(served).as("served by the switch").containsAll(documented);
    }
}
