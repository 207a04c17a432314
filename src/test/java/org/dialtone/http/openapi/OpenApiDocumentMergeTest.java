package org.dialtone.http.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAPI document is merged from fragments; a missing one is left out, a clash is a bug. */
class OpenApiDocumentMergeTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test void theShippedFragmentsMergeIntoOneOpenApi31Document() {
        var doc = new OpenApiDocument().json();
        assertThat(doc.get("openapi").stringValue()).isEqualTo("3.1.0");
        assertThat(doc.at("/paths/~1v1.0~1action~1chan~1park/post/operationId").stringValue()).isEqualTo("park");
        assertThat(doc.at("/paths/~1v1.0~1events~1sse~1chan/get").isObject()).isTrue();
        assertThat(doc.at("/paths/~1v1.0~1admin~1customers/post/operationId").stringValue()).isEqualTo("adminCreateCustomer");
        assertThat(doc.at("/components/securitySchemes/adminBearer/scheme").stringValue()).isEqualTo("bearer");
        assertThat(doc.at("/components/schemas/Error/properties/error/enum").toString()).contains("managed_by_config");
    }

    @Test void aFragmentNotOnTheClasspathIsLeftOut() {
        var doc = new OpenApiDocument(List.of("actions.json", "no-such-fragment.json")).json();
        assertThat(doc.at("/paths/~1v1.0~1action~1chan~1park").isObject()).isTrue();
        assertThat(doc.at("/paths/~1v1.0~1admin~1customers").isMissingNode()).isTrue();
    }

    @Test void operationsOfOnePathComeFromSeveralFragmentsButNoneTwice() {
        ObjectNode into = (ObjectNode) JSON.readTree("{\"paths\":{\"/a\":{\"get\":{\"x\":1}}}}");
        OpenApiDocument.merge(into, JSON.readTree("{\"paths\":{\"/a\":{\"post\":{\"x\":2}}}}"), "one.json");
        assertThat(into.at("/paths/~1a").propertyNames()).containsExactly("get", "post");
        assertThatThrownBy(() -> OpenApiDocument.merge(into, JSON.readTree("{\"paths\":{\"/a\":{\"get\":{\"x\":3}}}}"),
                "two.json")).hasMessageContaining("two.json defines get /a again");
        OpenApiDocument.merge(into, JSON.readTree("{\"components\":{\"schemas\":{\"S\":{\"type\":\"string\"}}}}"), "three.json");
        OpenApiDocument.merge(into, JSON.readTree("{\"components\":{\"schemas\":{\"S\":{\"type\":\"string\"}}}}"), "same.json");
        assertThatThrownBy(() -> OpenApiDocument.merge(into, JSON.readTree(
                "{\"components\":{\"schemas\":{\"S\":{\"type\":\"integer\"}}}}"), "four.json"))
                .hasMessageContaining("four.json redefines components/schemas/S");
    }
}
