package org.dialtone.http.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.http.action.FakeCallControl.UP_CHANNEL;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad field the contract names, for every field of every action: 400 with {@code missing_field} or
 * {@code invalid_field} and the field's name, and the core is never called.
 */
class ActionBadInputTest {
    static ApiFixture api;
    static final String ORIGINATE = "/v1.0/action/chan/originate";
    static final String TRANSFER = "/v1.0/action/chan/blind-transfer";
    static final String PARK = "/v1.0/action/chan/park";
    static final String UNPARK = "/v1.0/action/chan/unpark";
    static final String LONG_21 = "123456789012345678901";

    @BeforeAll static void start() { api = new ApiFixture(); }
    @AfterAll static void stop() { api.close(); }
    @BeforeEach void clear() { api.control.calls.clear(); }

    static Stream<Arguments> badFields() {
        String ch = "\"channel_id\": \"" + UP_CHANNEL + "\"";
        return Stream.of(
                // originate: number
                bad(ORIGINATE, "{\"extension_number\": \"226\"}", "missing_field", "number"),
                bad(ORIGINATE, "{\"number\": null, \"extension_number\": \"226\"}", "missing_field", "number"),
                bad(ORIGINATE, "{\"number\": \"\", \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": \"   \", \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": true, \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": 80.5, \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": [\"800\"], \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": {\"n\": 1}, \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": -800, \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": \"800-356\", \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": \"abc\", \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": \"80+0\", \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": \"" + LONG_21 + "\", \"extension_number\": \"226\"}", "invalid_field", "number"),
                bad(ORIGINATE, "{\"number\": " + LONG_21 + ", \"extension_number\": \"226\"}", "invalid_field", "number"),
                // originate: extension_number
                bad(ORIGINATE, "{\"number\": \"800\"}", "missing_field", "extension_number"),
                bad(ORIGINATE, "{\"number\": \"800\", \"extension_number\": \"\"}", "invalid_field", "extension_number"),
                bad(ORIGINATE, "{\"number\": \"800\", \"extension_number\": false}", "invalid_field", "extension_number"),
                bad(ORIGINATE, "{\"number\": \"800\", \"extension_number\": \"22a\"}", "invalid_field", "extension_number"),
                bad(ORIGINATE, "{\"number\": \"800\", \"extension_number\": \"*22\"}", "invalid_field", "extension_number"),
                bad(ORIGINATE, "{\"number\": \"800\", \"extension_number\": \"" + LONG_21 + "\"}", "invalid_field", "extension_number"),
                // originate: sync
                bad(ORIGINATE, "{\"number\": \"800\", \"extension_number\": \"226\", \"sync\": \"yes\"}", "invalid_field", "sync"),
                bad(ORIGINATE, "{\"number\": \"800\", \"extension_number\": \"226\", \"sync\": \"\"}", "invalid_field", "sync"),
                bad(ORIGINATE, "{\"number\": \"800\", \"extension_number\": \"226\", \"sync\": 2}", "invalid_field", "sync"),
                bad(ORIGINATE, "{\"number\": \"800\", \"extension_number\": \"226\", \"sync\": [true]}", "invalid_field", "sync"),
                // blind-transfer: channel_id
                bad(TRANSFER, "{\"to_number\": \"200\"}", "missing_field", "channel_id"),
                bad(TRANSFER, "{\"channel_id\": \"\", \"to_number\": \"200\"}", "invalid_field", "channel_id"),
                bad(TRANSFER, "{\"channel_id\": 12345, \"to_number\": \"200\"}", "invalid_field", "channel_id"),
                bad(TRANSFER, "{\"channel_id\": \"not-a-uuid\", \"to_number\": \"200\"}", "invalid_field", "channel_id"),
                bad(TRANSFER, "{\"channel_id\": \"" + UP_CHANNEL + "0\", \"to_number\": \"200\"}", "invalid_field", "channel_id"),
                bad(TRANSFER, "{\"channel_id\": \"" + UP_CHANNEL.replace('-', 'x') + "\", \"to_number\": \"200\"}", "invalid_field", "channel_id"),
                bad(TRANSFER, "{\"channel_id\": \"" + "x".repeat(5000) + "\", \"to_number\": \"200\"}", "invalid_field", "channel_id"),
                // blind-transfer: to_number
                bad(TRANSFER, "{" + ch + "}", "missing_field", "to_number"),
                bad(TRANSFER, "{" + ch + ", \"to_number\": \"\"}", "invalid_field", "to_number"),
                bad(TRANSFER, "{" + ch + ", \"to_number\": 1.5}", "invalid_field", "to_number"),
                bad(TRANSFER, "{" + ch + ", \"to_number\": \"two hundred\"}", "invalid_field", "to_number"),
                bad(TRANSFER, "{" + ch + ", \"to_number\": \"" + LONG_21 + "\"}", "invalid_field", "to_number"),
                // park
                bad(PARK, "{\"parking_spot\": \"701\"}", "missing_field", "channel_id"),
                bad(PARK, "{\"channel_id\": [], \"parking_spot\": \"701\"}", "invalid_field", "channel_id"),
                bad(PARK, "{" + ch + "}", "missing_field", "parking_spot"),
                bad(PARK, "{" + ch + ", \"parking_spot\": \"\"}", "invalid_field", "parking_spot"),
                bad(PARK, "{" + ch + ", \"parking_spot\": \"7O1\"}", "invalid_field", "parking_spot"),
                bad(PARK, "{" + ch + ", \"parking_spot\": \"+701\"}", "invalid_field", "parking_spot"),
                bad(PARK, "{" + ch + ", \"parking_spot\": 70.1}", "invalid_field", "parking_spot"),
                bad(PARK, "{" + ch + ", \"parking_spot\": \"" + LONG_21 + "\"}", "invalid_field", "parking_spot"),
                // unpark
                bad(UNPARK, "{\"extension_number\": \"226\"}", "missing_field", "parking_spot"),
                bad(UNPARK, "{\"parking_spot\": false, \"extension_number\": \"226\"}", "invalid_field", "parking_spot"),
                bad(UNPARK, "{\"parking_spot\": \"abc\", \"extension_number\": \"226\"}", "invalid_field", "parking_spot"),
                bad(UNPARK, "{\"parking_spot\": \"702\"}", "missing_field", "extension_number"),
                bad(UNPARK, "{\"parking_spot\": \"702\", \"extension_number\": \" \"}", "invalid_field", "extension_number"),
                bad(UNPARK, "{\"parking_spot\": \"702\", \"extension_number\": {}}", "invalid_field", "extension_number"),
                bad(UNPARK, "{\"parking_spot\": \"702\", \"extension_number\": \"" + LONG_21 + "\"}", "invalid_field", "extension_number"),
                // every field missing: the first in documented order is named
                bad(ORIGINATE, "{}", "missing_field", "number"),
                bad(TRANSFER, "{}", "missing_field", "channel_id"),
                bad(PARK, "{}", "missing_field", "channel_id"),
                bad(UNPARK, "{}", "missing_field", "parking_spot"));
    }

    private static Arguments bad(String path, String body, String error, String field) {
        return Arguments.of(path, body, error, field);
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("badFields")
    void badFieldIs400NamingTheField(String path, String body, String error, String field) {
        var r = api.postJson(path, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        var json = r.json();
        assertThat(json.get("code").intValue()).isEqualTo(400);
        assertThat(json.get("error").stringValue()).isEqualTo(error);
        assertThat(json.get("field").stringValue()).isEqualTo(field);
        assertThat(json.get("msg").stringValue()).contains(field);
        assertThat(api.control.calls).isEmpty();
    }

    @Test void formBodyFieldsFollowTheSameRules() {
        var auth = ApiFixture.basic(ApiFixture.TOKEN);
        var form = "application/x-www-form-urlencoded";
        var missing = api.post(ORIGINATE, form, "extension_number=226", auth);
        assertThat(missing.json().get("error").stringValue()).isEqualTo("missing_field");
        assertThat(missing.json().get("field").stringValue()).isEqualTo("number");
        var empty = api.post(ORIGINATE, form, "number=&extension_number=226", auth);
        assertThat(empty.json().get("error").stringValue()).isEqualTo("invalid_field");
        var badSync = api.post(ORIGINATE, form, "number=800&extension_number=226&sync=maybe", auth);
        assertThat(badSync.json().get("field").stringValue()).isEqualTo("sync");
        var brokenEscape = api.post(ORIGINATE, form, "number=%zz&extension_number=226", auth);
        assertThat(brokenEscape.status()).isEqualTo(400);
        assertThat(brokenEscape.json().get("error").stringValue()).isEqualTo("invalid_form");
        assertThat(api.control.calls).isEmpty();
    }

    @Test void syncAcceptsTheContractsSpellings() {
        for (String sync : new String[] {"false", "\"false\"", "\"FALSE\"", "\"0\"", "0", "\"False\"", "null"}) {
            var r = api.postJson(ORIGINATE, "{\"number\": \"8003569377\", \"extension_number\": \"226\", \"sync\": " + sync + "}");
            assertThat(r.status()).as(sync + " " + r.body()).isEqualTo(200);
        }
    }
}
