package org.dialtone.http.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.http.action.ActionRequestFormatTest.assertEnvelope;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.control.CallControl.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 429 with its headers, per token; Idempotency-Key replay, conflict and scope. */
class RateLimitAndIdempotencyTest {
    static final String UNPARK = "/v1.0/action/chan/unpark";
    static final String BODY = "{\"parking_spot\": \"702\", \"extension_number\": \"226\"}";
    ApiFixture api;

    @AfterEach void stop() { if (api != null) api.close(); }

    @Test void burstThen429WithHeadersPerToken() {
        api = new ApiFixture(new ActionSettings(1, 3, Duration.ofSeconds(1)));
        for (int i = 2; i >= 0; i--) {
            var r = api.postJson(UNPARK, BODY);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("3");
            assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(i));
            assertThat(Long.parseLong(r.header("X-RateLimit-Reset"))).isBetween(1L, 3L);
        }
        var limited = api.postJson(UNPARK, BODY);
        assertEnvelope(limited, 429, "rate_limited");
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(limited.header("X-RateLimit-Reset"))).isBetween(1L, 3L);
        assertThat(api.control.calls).hasSize(3);
        // a bad request costs a token too, so a flood of garbage is limited the same way
        assertEnvelope(api.postJson(UNPARK, "{"), 429, "rate_limited");
        // another token has its own bucket
        var other = api.post("/v1.0/action/chan/originate", "application/json",
                "{\"number\": \"8003569377\", \"extension_number\": \"226\"}", ApiFixture.basic(ApiFixture.OTHER_TOKEN));
        assertThat(other.header("X-RateLimit-Remaining")).isEqualTo("2");
    }

    @Test void bucketRefills() throws InterruptedException {
        api = new ApiFixture(new ActionSettings(5, 1, Duration.ofSeconds(1)));
        assertThat(api.postJson(UNPARK, BODY).status()).isEqualTo(200);
        assertThat(api.postJson(UNPARK, BODY).status()).isEqualTo(429);
        Thread.sleep(250);
        assertThat(api.postJson(UNPARK, BODY).status()).isEqualTo(200);
    }

    @Test void replayReturnsTheFirstResponseWithoutCallingTheCoreAgain() {
        api = new ApiFixture();
        var first = post("key-1", BODY);
        api.control.failNext = new IllegalStateException("must not be called");
        var again = post("key-1", BODY);
        api.control.failNext = null;
        assertThat(again.status()).isEqualTo(first.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(api.control.calls).hasSize(1);
    }

    @Test void errorResponsesReplayToo() {
        api = new ApiFixture();
        var first = post("key-err", "{\"parking_spot\": \"705\", \"extension_number\": \"226\"}");
        assertEnvelope(first, 404, "not_found");
        var again = post("key-err", "{\"parking_spot\": \"705\", \"extension_number\": \"226\"}");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test void serverErrorsAreNotRemembered() {
        api = new ApiFixture();
        api.control.failNext = new IllegalStateException("transient");
        assertEnvelope(post("key-500", BODY), 500, "internal");
        var retry = post("key-500", BODY);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
    }

    @Test void sameKeyDifferentBodyOrRouteIsAConflict() {
        api = new ApiFixture();
        assertThat(post("key-2", BODY).status()).isEqualTo(200);
        var conflict = post("key-2", "{\"parking_spot\": \"702\", \"extension_number\": \"200\"}");
        assertEnvelope(conflict, 409, "idempotency_conflict");
        var otherRoute = api.post("/v1.0/action/chan/originate", "application/json",
                "{\"number\": \"8003569377\", \"extension_number\": \"226\"}", ApiFixture.basic(ApiFixture.TOKEN), "Idempotency-Key", "key-2");
        assertEnvelope(otherRoute, 409, "idempotency_conflict");
        assertThat(api.control.calls).hasSize(1);
    }

    @Test void keysArePerToken() {
        api = new ApiFixture();
        assertThat(post("shared", BODY).status()).isEqualTo(200);
        var other = api.post("/v1.0/action/chan/originate", "application/json",
                "{\"number\": \"8003569377\", \"extension_number\": \"226\"}", ApiFixture.basic(ApiFixture.OTHER_TOKEN),
                "Idempotency-Key", "shared");
        // OTHER's customer has no extension 226: a real call to the core, not a conflict with ACME's key
        assertEnvelope(other, 404, "not_found");
    }

    @Test void badKeyIs400() {
        api = new ApiFixture();
        var r = post("x".repeat(256), BODY);
        assertEnvelope(r, 400, "invalid_field");
        assertThat(r.json().get("field").stringValue()).isEqualTo("Idempotency-Key");
        assertThat(api.control.calls).isEmpty();
    }

    @Test void repeatWhileTheFirstSyncOriginateWaitsGetsTheSameOutcome() throws Exception {
        api = new ApiFixture();
        String body = "{\"number\": \"8003569377\", \"extension_number\": \"226\", \"sync\": true}";
        var first = CompletableFuture.supplyAsync(() -> post("sync-key", body, "/v1.0/action/chan/originate"));
        Thread.sleep(300);
        var second = CompletableFuture.supplyAsync(() -> post("sync-key", body, "/v1.0/action/chan/originate"));
        Thread.sleep(300);
        assertThat(second).isNotDone();
        api.control.answered.complete(Outcome.BUSY);
        var a = first.get(5, TimeUnit.SECONDS);
        var b = second.get(5, TimeUnit.SECONDS);
        assertEnvelope(a, 409, "busy");
        assertThat(b.body()).isEqualTo(a.body());
        assertThat(b.status()).isEqualTo(409);
        assertThat(api.control.calls).hasSize(1);
    }

    private ApiFixture.Response post(String key, String body) { return post(key, body, UNPARK); }

    private ApiFixture.Response post(String key, String body, String path) {
        return api.post(path, "application/json", body, ApiFixture.basic(ApiFixture.TOKEN), "Idempotency-Key", key);
    }
}
