package org.dialtone.http.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.http.action.ActionRequestFormatTest.assertEnvelope;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Guessing API tokens: a client address gets 401 for its first unknown tokens, then 429 without any lookup. */
class UnknownTokenThrottleTest {
    private static final String PARK = "/v1.0/action/chan/park";
    private static final String BODY = "{\"channel_id\": \"7b425045-8977-4529-8bf5-ebcbbdf41db0\", \"parking_spot\": \"701\"}";
    private final ApiFixture api = new ApiFixture();

    @AfterEach void stop() { api.close(); }

    @Test void afterTwentyUnknownTokensTheAddressIsRateLimitedButItsGoodTokenStillWorks() {
        assertThat(api.postJson(PARK, BODY).status()).isEqualTo(200); // the good token is known from now on
        for (int i = 0; i < 20; i++) {
            var r = api.post(PARK, "application/json", BODY, "Bearer guessed-token-" + i);
            assertEnvelope(r, 401, "unauthorized");
        }
        var throttled = api.post(PARK, "application/json", BODY, "Bearer guessed-token-20");
        assertEnvelope(throttled, 429, "rate_limited");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 3L); // one try a 3 s
        assertThat(throttled.header("WWW-Authenticate")).isNull();

        assertThat(api.postJson(PARK, BODY).status()).as("a token seen valid is never throttled").isEqualTo(200);
    }
}
