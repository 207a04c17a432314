package org.dialtone.http.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.http.action.FakeCallControl.ACME;
import static org.dialtone.http.action.FakeCallControl.LINKED_ID;
import static org.dialtone.http.action.FakeCallControl.NEW_CHANNEL;
import static org.dialtone.http.action.FakeCallControl.UP_CHANNEL;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The success envelope of every action, byte for byte, and the request variants the contract accepts. */
class ActionSuccessTest {
    static ApiFixture api;

    @BeforeAll static void start() { api = new ApiFixture(); }
    @AfterAll static void stop() { api.close(); }

    @Test void originateAsync() {
        var r = api.postJson("/v1.0/action/chan/originate", "{\"number\": \"8003569377\", \"extension_number\": \"226\", \"sync\": \"false\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"msg\":\"Command Sent Successfully\",\"code\":200,\"data\":{\"linked_id\":\""
                + LINKED_ID + "\",\"channel_id\":\"" + NEW_CHANNEL + "\"}}");
        assertThat(api.control.calls).contains("originate " + ACME + " 226 8003569377");
    }

    @Test void blindTransfer() {
        var r = api.postJson("/v1.0/action/chan/blind-transfer", "{\"channel_id\": \"" + UP_CHANNEL + "\", \"to_number\": \"200\"}");
        assertThat(r.body()).isEqualTo("{\"msg\":\"Command Sent Successfully\",\"code\":200,\"data\":{\"linked_id\":\""
                + LINKED_ID + "\",\"channel_id\":\"" + UP_CHANNEL + "\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(api.control.calls).contains("blindTransfer " + ACME + " " + UP_CHANNEL + " 200");
    }

    @Test void park() {
        var r = api.postJson("/v1.0/action/chan/park", "{\"channel_id\": \"" + UP_CHANNEL + "\", \"parking_spot\": \"701\"}");
        assertThat(r.body()).isEqualTo("{\"msg\":\"Command Sent Successfully\",\"code\":200,\"data\":{\"parking_spot\":\"701\","
                + "\"channel_id\":\"" + UP_CHANNEL + "\",\"linked_id\":\"" + LINKED_ID + "\",\"timeout_at\":"
                + FakeCallControl.PARK_TIMEOUT.getEpochSecond() + ".250}}");
        assertThat(r.status()).isEqualTo(200);
    }

    @Test void parkWithTimeoutDisabledHasNullTimeout() {
        api.control.parkTimeoutAt = null;
        try {
            var r = api.postJson("/v1.0/action/chan/park", "{\"channel_id\": \"" + UP_CHANNEL + "\", \"parking_spot\": 703}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).endsWith("\"linked_id\":\"" + LINKED_ID + "\",\"timeout_at\":null}}");
        } finally {
            api.control.parkTimeoutAt = FakeCallControl.PARK_TIMEOUT;
        }
    }

    @Test void unpark() {
        var r = api.postJson("/v1.0/action/chan/unpark", "{\"parking_spot\": \"702\", \"extension_number\": \"226\"}");
        assertThat(r.body()).isEqualTo("{\"msg\":\"Command Sent Successfully\",\"code\":200,\"data\":{\"parking_spot\":\"702\","
                + "\"channel_id\":\"" + NEW_CHANNEL + "\",\"linked_id\":\"" + LINKED_ID + "\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(api.control.calls).contains("unpark " + ACME + " 702 226");
    }

    @Test void numbersAsJsonNumbersAndTrimmedStrings() {
        var r = api.postJson("/v1.0/action/chan/originate", "{\"number\": 8003569377, \"extension_number\": \" 226 \"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(api.control.calls).contains("originate " + ACME + " 226 8003569377");
    }

    @Test void plusAndFeatureCharactersInDialledNumbers() {
        assertThat(api.postJson("/v1.0/action/chan/originate", "{\"number\": \"+4930123456\", \"extension_number\": 200}").status()).isEqualTo(200);
        assertThat(api.postJson("/v1.0/action/chan/blind-transfer", "{\"channel_id\": \"" + UP_CHANNEL + "\", \"to_number\": \"*72#\"}").status()).isEqualTo(200);
        assertThat(api.control.calls).contains("originate " + ACME + " 200 +4930123456", "blindTransfer " + ACME + " " + UP_CHANNEL + " *72#");
    }

    @Test void unknownFieldsAreIgnoredAndChannelIdIsCaseInsensitive() {
        var r = api.postJson("/v1.0/action/chan/blind-transfer", "{\"channel_id\": \"" + UP_CHANNEL.toUpperCase()
                + "\", \"to_number\": \"200\", \"note\": {\"x\": [1, 2]}, \"sync\": 17}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("data").get("channel_id").stringValue()).isEqualTo(UP_CHANNEL);
    }

    @Test void formEncodedBodyAsCurlDashDSends() {
        var r = api.post("/v1.0/action/chan/originate", "application/x-www-form-urlencoded",
                "number=%2B4930123456&extension_number=226&sync=0", ApiFixture.basic(ApiFixture.TOKEN));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(api.control.calls).contains("originate " + ACME + " 226 +4930123456");
    }

    @Test void jsonWithAnyCharsetParameter() {
        for (String type : new String[] {"application/json; charset=utf-8", "Application/JSON;charset=UTF-8", "application/json; charset=\"iso-8859-1\""}) {
            var r = api.post("/v1.0/action/chan/unpark", type, "{\"parking_spot\": \"702\", \"extension_number\": \"200\"}",
                    ApiFixture.basic(ApiFixture.TOKEN));
            assertThat(r.status()).as(type + " " + r.body()).isEqualTo(200);
        }
    }

    @Test void bearerTokenWorksToo() {
        var r = api.post("/v1.0/action/chan/unpark", "application/json", "{\"parking_spot\": \"702\", \"extension_number\": \"200\"}",
                "Bearer " + ApiFixture.TOKEN);
        assertThat(r.status()).isEqualTo(200);
    }

    @Test void rateLimitHeadersOnSuccess() {
        var r = api.postJson("/v1.0/action/chan/unpark", "{\"parking_spot\": \"702\", \"extension_number\": \"200\"}");
        assertThat(r.header("X-RateLimit-Limit")).isEqualTo("1000");
        assertThat(Long.parseLong(r.header("X-RateLimit-Remaining"))).isBetween(900L, 999L);
        assertThat(r.header("X-RateLimit-Reset")).matches("\\d+");
    }
}
