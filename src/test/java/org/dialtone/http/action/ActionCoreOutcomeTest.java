package org.dialtone.http.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.http.action.ActionRequestFormatTest.assertEnvelope;
import static org.dialtone.http.action.FakeCallControl.FOREIGN_CHANNEL;
import static org.dialtone.http.action.FakeCallControl.RINGING_CHANNEL;
import static org.dialtone.http.action.FakeCallControl.UP_CHANNEL;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.control.CallControl.Outcome;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core's refusals mapped onto statuses and codes, and the outcomes of a sync originate. */
class ActionCoreOutcomeTest {
    static ApiFixture api;
    static final java.util.concurrent.ExecutorService CLIENTS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    static final String ORIGINATE = "/v1.0/action/chan/originate";

    @BeforeAll static void start() { api = new ApiFixture(new ActionSettings(1000, 1000, Duration.ofMillis(1500))); }
    @AfterAll static void stop() {
        CLIENTS.shutdownNow();
        api.close();
    }
    @BeforeEach void reset() { api.control.answered = new CompletableFuture<>(); }

    @Test void unknownChannelIs404() {
        var r = api.postJson("/v1.0/action/chan/blind-transfer",
                "{\"channel_id\": \"00000000-0000-4000-8000-000000000000\", \"to_number\": \"200\"}");
        assertEnvelope(r, 404, "not_found");
        assertThat(r.json().get("field").stringValue()).isEqualTo("channel_id");
    }

    @Test void anotherCustomersChannelLooksExactlyLikeAnUnknownOne() {
        var foreign = api.postJson("/v1.0/action/chan/park", "{\"channel_id\": \"" + FOREIGN_CHANNEL + "\", \"parking_spot\": \"701\"}");
        var unknown = api.postJson("/v1.0/action/chan/park", "{\"channel_id\": \"" + FOREIGN_CHANNEL.replace('9', '8') + "\", \"parking_spot\": \"701\"}");
        assertEnvelope(foreign, 404, "not_found");
        assertThat(foreign.body().replace(FOREIGN_CHANNEL, "ID")).isEqualTo(unknown.body().replace(FOREIGN_CHANNEL.replace('9', '8'), "ID"));
        // ... and the owner may use it
        var own = api.post("/v1.0/action/chan/blind-transfer", "application/json",
                "{\"channel_id\": \"" + FOREIGN_CHANNEL + "\", \"to_number\": \"200\"}", ApiFixture.basic(ApiFixture.OTHER_TOKEN));
        assertThat(own.status()).isEqualTo(200);
    }

    @Test void transferOfARingingChannelIs409InvalidState() {
        var r = api.postJson("/v1.0/action/chan/blind-transfer", "{\"channel_id\": \"" + RINGING_CHANNEL + "\", \"to_number\": \"200\"}");
        assertEnvelope(r, 409, "invalid_state");
    }

    @Test void parkIntoOccupiedSpotIs409() {
        var r = api.postJson("/v1.0/action/chan/park", "{\"channel_id\": \"" + UP_CHANNEL + "\", \"parking_spot\": \"702\"}");
        assertEnvelope(r, 409, "spot_occupied");
        assertThat(r.json().get("field").stringValue()).isEqualTo("parking_spot");
    }

    @Test void parkOutsideTheLotIs400InvalidField() {
        var r = api.postJson("/v1.0/action/chan/park", "{\"channel_id\": \"" + UP_CHANNEL + "\", \"parking_spot\": \"799\"}");
        assertEnvelope(r, 400, "invalid_field");
        assertThat(r.json().get("field").stringValue()).isEqualTo("parking_spot");
    }

    @Test void unparkOfEmptySpotIs404() {
        var r = api.postJson("/v1.0/action/chan/unpark", "{\"parking_spot\": \"705\", \"extension_number\": \"226\"}");
        assertEnvelope(r, 404, "not_found");
    }

    @Test void originateErrorsBeforeAnythingRings() {
        assertEnvelope(api.postJson(ORIGINATE, "{\"number\": \"8003569377\", \"extension_number\": \"999\"}"), 404, "not_found");
        assertEnvelope(api.postJson(ORIGINATE, "{\"number\": \"8003569377\", \"extension_number\": \"227\"}"), 409, "extension_unavailable");
        assertEnvelope(api.postJson(ORIGINATE, "{\"number\": \"555\", \"extension_number\": \"226\"}"), 404, "not_found");
    }

    @Test void switchUnavailableIs503() {
        api.control.failNext = new CallControlException(Reason.UNAVAILABLE, null, "Shutting down");
        var r = api.postJson(ORIGINATE, "{\"number\": \"8003569377\", \"extension_number\": \"226\"}");
        assertEnvelope(r, 503, "unavailable");
        assertThat(r.json().has("field")).isFalse();
    }

    @Test void switchUnavailableWithoutARetryTimeHasNoRetryAfter() {
        api.control.failNext = new CallControlException(Reason.UNAVAILABLE, null, "Shutting down");
        assertThat(api.postJson(ORIGINATE, "{\"number\": \"201\", \"extension_number\": \"226\"}")
                .header("Retry-After")).isNull();
    }

    @Test void anOverloadedSwitchSays503UnavailableAndWhenToRetry() {
        api.control.failNext = new CallControlException(Reason.UNAVAILABLE, null,
                "The switch is overloaded and takes no new calls now; retry after 7 s", Duration.ofSeconds(7));
        var r = api.postJson(ORIGINATE, "{\"number\": \"201\", \"extension_number\": \"226\"}");
        assertEnvelope(r, 503, "unavailable");
        assertThat(r.header("Retry-After")).isEqualTo("7");
        assertThat(r.json().get("msg").stringValue()).contains("overloaded");
    }

    @Test void syncOriginateAnswered() throws Exception {
        var pending = async("{\"number\": \"8003569377\", \"extension_number\": \"226\", \"sync\": true}");
        Thread.sleep(200);
        assertThat(pending).isNotDone();
        api.control.answered.complete(Outcome.ANSWERED);
        var r = pending.get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"msg\":\"Command Sent Successfully\",\"code\":200,\"data\":{\"linked_id\":\""
                + FakeCallControl.LINKED_ID + "\",\"channel_id\":\"" + FakeCallControl.NEW_CHANNEL + "\"}}");
    }

    @Test void syncOriginateOutcomesAre409() throws Exception {
        String[][] cases = {{"BUSY", "busy"}, {"NO_ANSWER", "no_answer"}, {"REJECTED", "rejected"}, {"FAILED", "failed"}};
        for (String[] c : cases) {
            api.control.answered = CompletableFuture.completedFuture(Outcome.valueOf(c[0]));
            var r = api.postJson(ORIGINATE, "{\"number\": \"8003569377\", \"extension_number\": \"226\", \"sync\": \"TRUE\"}");
            assertEnvelope(r, 409, c[1]);
            assertThat(r.json().get("data").get("channel_id").stringValue()).isEqualTo(FakeCallControl.NEW_CHANNEL);
        }
    }

    @Test void syncOriginateWithoutOutcomeGivesUpAsNoAnswer() {
        long start = System.nanoTime();
        var r = api.postJson(ORIGINATE, "{\"number\": \"8003569377\", \"extension_number\": \"226\", \"sync\": \"1\"}");
        assertEnvelope(r, 409, "no_answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(10));
        assertThat(api.control.answered).as("the core is told nobody waits (it then ends the call)")
                .isCompletedExceptionally();
    }

    @Test void syncAnswerStageFailingIsFailedOr503() throws Exception {
        api.control.answered = CompletableFuture.failedFuture(new IllegalStateException("boom"));
        assertEnvelope(api.postJson(ORIGINATE, "{\"number\": \"8003569377\", \"extension_number\": \"226\", \"sync\": true}"), 409, "failed");
        api.control.answered = CompletableFuture.failedFuture(new CallControlException(Reason.UNAVAILABLE, null, "Shutting down"));
        assertEnvelope(api.postJson(ORIGINATE, "{\"number\": \"8003569377\", \"extension_number\": \"226\", \"sync\": true}"), 503, "unavailable");
    }

    @Test void asyncOriginateDoesNotWaitForTheAnswer() {
        var r = api.postJson(ORIGINATE, "{\"number\": \"8003569377\", \"extension_number\": \"226\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(api.control.answered).isNotDone();
    }

    @Test void manySyncWaitsDoNotBlockOtherRequestsNorTheCoresThread() throws Exception {
        try (var own = new ApiFixture(new ActionSettings(1000, 1000, Duration.ofSeconds(30)))) {
            int waiting = 250; // more than Jetty's pool would allow blocked handlers
            var waits = new java.util.ArrayList<CompletableFuture<ApiFixture.Response>>();
            for (int i = 0; i < waiting; i++) {
                waits.add(CompletableFuture.supplyAsync(() -> own.postJson(ORIGINATE,
                        "{\"number\": \"8003569377\", \"extension_number\": \"226\", \"sync\": true}"), CLIENTS));
                if (i % 20 == 19) Thread.sleep(20); // pace connection set-up: a burst overflows the listen backlog
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> own.control.calls.size() == waiting);
            long start = System.nanoTime();
            var quick = own.postJson("/v1.0/action/chan/unpark", "{\"parking_spot\": \"702\", \"extension_number\": \"226\"}");
            assertThat(quick.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(waits).noneMatch(CompletableFuture::isDone);
            // the core completes the answer on its own thread; that thread must come back at once
            long completeStart = System.nanoTime();
            own.control.answered.complete(Outcome.ANSWERED);
            assertThat(Duration.ofNanos(System.nanoTime() - completeStart)).isLessThan(Duration.ofMillis(200));
            for (var w : waits) assertThat(w.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    private static CompletableFuture<ApiFixture.Response> async(String body) {
        return CompletableFuture.supplyAsync(() -> api.postJson(ORIGINATE, body), CLIENTS);
    }
}
