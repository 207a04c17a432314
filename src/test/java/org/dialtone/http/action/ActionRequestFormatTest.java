package org.dialtone.http.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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

    /**
     * A request refused before its body is read (here 401) still has its body read through before the answer, so a
     * client still sending gets the answer instead of a connection reset (it once failed so: "header parser received no
     * bytes"), and the connection stays usable: exactly the body is consumed, the next request is answered in turn.
     */
    @Test void authIsCheckedBeforeTheBody() throws IOException {
        assertEnvelope(api.post(UNPARK, "text/plain", "x".repeat(20_000), null), 401, "unauthorized");
        try (Socket socket = connect()) {
            send(socket, head(UNPARK, 20_000) + "x".repeat(10_000));
            socket.setSoTimeout(300);
            assertThatThrownBy(() -> socket.getInputStream().read()).as("no answer while the body is still coming")
                    .isInstanceOf(SocketTimeoutException.class);
            socket.setSoTimeout(10_000);
            send(socket, "x".repeat(10_000));
            RawResponse first = RawResponse.read(socket.getInputStream());
            assertThat(first.statusLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
            assertThat(first.header("Connection")).isNull();
            assertThat(first.body()).contains("\"error\":\"unauthorized\"");

            send(socket, head(UNPARK, 3) + "abc");
            assertThat(RawResponse.read(socket.getInputStream()).statusLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
        assertThat(api.control.calls).isEmpty();
    }

    /** A body longer than the server reads through is not read at all: the answer says the connection closes. */
    @Test void aBodyTooLongToReadThroughGetsTheAnswerAndConnectionClose() throws IOException {
        try (Socket socket = connect()) {
            send(socket, head(UNPARK, RequestBodyReader.MAX_DISCARDED_BYTES + 1)); // and no body: it is not waited for
            RawResponse r = RawResponse.read(socket.getInputStream());
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(socket.getInputStream().read()).as("end of stream after the answer").isEqualTo(-1);
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", api.server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String head(String path, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** One HTTP/1.1 response with a Content-Length body, read off a socket byte by byte (no client library). */
    record RawResponse(String statusLine, Map<String, String> headers, String body) {
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

        static RawResponse read(InputStream in) throws IOException {
            String status = line(in);
            Map<String, String> headers = new HashMap<>();
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new RawResponse(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) throw new IOException("connection closed after \"" + b + "\"");
                if (c != '\r') b.append((char) c);
            }
            return b.toString();
        }
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
