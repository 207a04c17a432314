package org.dialtone.http.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document describes the action routes that are served, and the error codes that are sent. (That every
 * route of the whole switch is documented: {@code OpenApiCoverageIT}.)
 */
class OpenApiDocumentTest {
    static ApiFixture api;
    static JsonNode doc;

    @BeforeAll static void start() {
        api = new ApiFixture();
        var r = api.send(api.request(ActionRoute.OPENAPI_PATH, null).GET().build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        doc = r.json();
    }

    @AfterAll static void stop() { api.close(); }

    @Test void isOpenApi31() {
        assertThat(doc.get("openapi").stringValue()).isEqualTo("3.1.0");
        assertThat(doc.at("/components/securitySchemes/basicToken/scheme").stringValue()).isEqualTo("basic");
    }

    @Test void documentsEveryActionRoute() {
        Set<String> documented = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            if (!path.getKey().startsWith("/v1.0/action/") && !path.getKey().equals(ActionRoute.OPENAPI_PATH)) continue;
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) documented.add(op.getKey().toUpperCase() + " " + path.getKey());
        }
        Set<String> served = new HashSet<>();
        for (ActionRoute route : ActionRoute.values()) served.add("POST " + route.path);
        served.add("GET " + ActionRoute.OPENAPI_PATH);
        assertThat(documented).isEqualTo(served);
    }

    @Test void everyDocumentedOperationIsRegisteredOnTheServer() {
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            if (!path.getKey().startsWith("/v1.0/action/") && !path.getKey().equals(ActionRoute.OPENAPI_PATH)) continue;
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                var request = api.request(path.getKey(), null);
                var r = api.send(op.getKey().equals("post")
                        ? request.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build()
                        : request.GET().build());
                assertThat(r.status()).as(op.getKey() + " " + path.getKey()).isNotIn(404, 405);
                if (op.getKey().equals("post")) assertThat(r.status()).isEqualTo(401); // documented security applies
            }
        }
    }

    @Test void requiredFieldsAreTheOnesTheServerRequires() {
        for (ActionRoute route : ActionRoute.values()) {
            JsonNode schema = resolve(doc.at("/paths/" + route.path.replace("/", "~1") + "/post/requestBody/content/application~1json/schema"));
            List<String> required = new ArrayList<>();
            schema.get("required").forEach(n -> required.add(n.stringValue()));
            // omitting each required field in turn (others valid-looking) names that field
            for (String missing : required) {
                StringBuilder body = new StringBuilder("{");
                for (String f : required) {
                    if (f.equals(missing)) continue;
                    if (body.length() > 1) body.append(',');
                    body.append('"').append(f).append("\":\"").append(f.equals("channel_id") ? FakeCallControl.UP_CHANNEL : "701").append('"');
                }
                var r = api.postJson(route.path, body.append('}').toString());
                assertThat(r.status()).as(route + " without " + missing).isEqualTo(400);
                assertThat(r.json().get("field").stringValue()).isEqualTo(missing);
            }
            Set<String> properties = new HashSet<>();
            schema.get("properties").propertyNames().forEach(properties::add);
            assertThat(properties).containsAll(required);
        }
    }

    @Test void errorCodesAreAllListed() {
        Set<String> codes = new HashSet<>();
        doc.at("/components/schemas/Error/properties/error/enum").forEach(n -> codes.add(n.stringValue()));
        assertThat(codes).containsExactlyInAnyOrder("missing_field", "invalid_field", "invalid_json", "invalid_form",
                "unsupported_media_type", "payload_too_large", "unauthorized", "not_found", "method_not_allowed",
                "invalid_state", "spot_occupied", "extension_unavailable", "busy", "no_answer", "rejected", "failed",
                "idempotency_conflict", "rate_limited", "unavailable", "internal", "managed_by_config", "already_exists",
                "in_use");
    }

    private static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) return doc.at(node.get("$ref").stringValue().substring(1));
        return node;
    }
}
