package org.dialtone.http.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The read endpoints' OpenAPI fragment documents exactly the routes served, and refers only to schemas it has. */
class ReadOpenApiFragmentTest {
    private static final String FRAGMENT = "/org/dialtone/http/openapi/read.json";

    @Test void documentsExactlyTheReadRoutesAndNothingButPathsAndSchemas() throws IOException {
        JsonNode doc = fragment();
        assertThat(doc.propertyNames()).containsExactlyInAnyOrder("paths", "components");
        assertThat(doc.get("components").propertyNames()).containsExactly("schemas");
        Set<String> documented = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (String method : path.getValue().propertyNames()) documented.add(method + " " + path.getKey());
        }
        Set<String> served = new HashSet<>();
        for (String path : ReadRoutes.PATHS) served.add("get " + path);
        assertThat(documented).isEqualTo(served);
    }

    @Test void everyReferenceResolvesHereExceptTheSharedErrorEnvelope() throws IOException {
        String text = new String(stream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode schemas = fragment().at("/components/schemas");
        Matcher m = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/schemas/([A-Za-z]+)\"").matcher(text);
        Set<String> missing = new HashSet<>();
        while (m.find()) if (!schemas.has(m.group(1))) missing.add(m.group(1));
        assertThat(missing).as("Error is the API's one envelope, defined with the actions").containsOnly("Error");
        assertThat(text).doesNotContain("#/components/responses", "#/components/parameters", "#/components/headers");
    }

    @Test void theCallColumnsAreTheDocumentedOnes() throws IOException {
        JsonNode call = fragment().at("/components/schemas/CallRecord/properties");
        assertThat(call.propertyNames()).containsExactlyElementsOf(CallRows.COLUMNS);
    }

    private static JsonNode fragment() throws IOException {
        try (InputStream in = stream()) {
            return JsonMapper.builder().build().readTree(in);
        }
    }

    private static InputStream stream() {
        InputStream in = ReadOpenApiFragmentTest.class.getResourceAsStream(FRAGMENT);
        assertThat(in).as(FRAGMENT).isNotNull();
        return in;
    }
}
