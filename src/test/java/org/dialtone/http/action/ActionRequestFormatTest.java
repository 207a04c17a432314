package org.dialtone.http.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies that are not a request at all, authentication, unknown routes and methods: all in the error envelope. */
class ActionRequestFormatTest {
    static ApiFixture api;
    static final String UNPARK = "/v1.0/action/chan/unpark";
    static final String OK_BODY = "{\"parking_spot\": \"702\", \"extension_number\": \"226\"}";

    @BeforeAll static void start() { api = new ApiFixture(); }
    @AfterAll static void stop() { api.close(); }
    @BeforeEach void clear() { api.control.calls.clear(); }

    @Test void hugeBodyIs413() {
        String huge = "{\"parking_spot\": \"702\", \"extension_number\": \"226\", \"pad\": \"" + "x".repeat(17_000) + "\"}";
        var r = api.postJson(UNPARK, huge);
        assertEnvelope(r, 413, "payload_too_large");
        assertThat(api.control.calls).isEmpty();
    }

    @Test void bodyOfExactly16KiBIsRead() {
        String prefix = "{\"parking_spot\": \"702\", \"extension_number\": \"226\", \"pad\": \"";
        String body = prefix + "x".repeat(RequestBodyReader.MAX_BODY_BYTES - prefix.length() - 2) + "\"}";
        assertThat(body).hasSize(RequestBodyReader.MAX_BODY_BYTES);
        assertThat(api.postJson(UNPARK, body).status()).isEqualTo(200);
    }

    @Test void chunkedHugeBodyIs413() {
        // ofInputStream has no known length, so the client sends it chunked, without Content-Length
        var request = api.request(UNPARK, ApiFixture.basic(ApiFixture.TOKEN)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[40_000])))
                .build();
        assertEnvelope(api.send(request), 413, "payload_too_large");
    }

    @Test void invalidJsonIs400() {
        for (String body : new String[] {"{", "{\"parking_spot\": 702,}", "not json", "{} {}", "[]", "\"702\"", "42", "null",
                "{\"parking_spot\": \"702\", \"parking_spot\": \"703\", \"extension_number\": \"226\"}", ""}) {
            var r = api.postJson(UNPARK, body);
            assertEnvelope(r, 400, "invalid_json");
        }
        assertThat(api.control.calls).isEmpty();
    }

    @Test void otherContentTypesAre415() {
        var auth = ApiFixture.basic(ApiFixture.TOKEN);
        for (String type : new String[] {"text/plain", "application/xml", "multipart/form-data; boundary=x", "text/json",
                "application/json; charset=no-such-charset"}) {
            assertEnvelope(api.post(UNPARK, type, OK_BODY, auth), 415, "unsupported_media_type");
        }
        assertEnvelope(api.post(UNPARK, null, OK_BODY, auth), 415, "unsupported_media_type");
        assertThat(api.control.calls).isEmpty();
    }

    @Test void noBodyAndNoContentTypeIsAMissingField() {
        var r = api.post(UNPARK, null, "", ApiFixture.basic(ApiFixture.TOKEN));
        assertEnvelope(r, 400, "missing_field");
        assertThat(r.json().get("field").stringValue()).isEqualTo("parking_spot");
    }

    @Test void missingOrBadAuthIs401WithTheChallenge() {
        for (String auth : new String[] {null, "", "Basic", "Basic !!!", ApiFixture.basic("wrong-token"),
                "Basic " + java.util.Base64.getEncoder().encodeToString(("user:" + ApiFixture.TOKEN).getBytes()),
                "Bearer wrong-token", "Digest token=" + ApiFixture.TOKEN}) {
            var r = api.post(UNPARK, "application/json", OK_BODY, auth);
            assertEnvelope(r, 401, "unauthorized");
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"dialtone\"");
            assertThat(r.header("X-RateLimit-Limit")).isNull();
        }
        assertThat(api.control.calls).isEmpty();
    }

    @Test void authIsCheckedBeforeTheBody() {
        assertEnvelope(api.post(UNPARK, "text/plain", "x".repeat(20_000), null), 401, "unauthorized");
    }

    @Test void unknownRouteIs404Envelope() {
        var r = api.postJson("/v1.0/action/chan/hangup", OK_BODY);
        assertEnvelope(r, 404, "not_found");
        var get = api.send(api.request("/nothing/here", null).GET().build());
        assertEnvelope(get, 404, "not_found");
    }

    @Test void wrongMethodIs405Envelope() {
        var r = api.send(api.request(UNPARK, ApiFixture.basic(ApiFixture.TOKEN)).GET().build());
        assertEnvelope(r, 405, "method_not_allowed");
        var put = api.send(api.request("/v1.0/action/chan/originate", ApiFixture.basic(ApiFixture.TOKEN))
                .PUT(HttpRequest.BodyPublishers.ofString(OK_BODY)).build());
        assertEnvelope(put, 405, "method_not_allowed");
    }

    @Test void unexpectedCoreFailureIs500WithoutStackTrace() {
        api.control.failNext = new IllegalStateException("secret internal detail at org.dialtone.Foo");
        var r = api.postJson(UNPARK, OK_BODY);
        assertEnvelope(r, 500, "internal");
        assertThat(r.body()).doesNotContain("secret", "org.dialtone", "Exception", "at ");
    }

    static void assertEnvelope(ApiFixture.Response r, int status, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        var json = r.json();
        assertThat(json.get("code").intValue()).isEqualTo(status);
        assertThat(json.get("error").stringValue()).isEqualTo(error);
        assertThat(json.get("msg").stringValue()).isNotBlank();
    }
}
