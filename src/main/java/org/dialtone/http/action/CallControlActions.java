package org.dialtone.http.action;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.dialtone.core.control.CallControl;
import org.dialtone.core.control.CallControl.Outcome;
import org.dialtone.core.control.CallControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four actions: reads each one's fields, calls {@link CallControl} for the caller's customer, and builds the
 * response. Field errors are reported for the first bad field in the documented order. A sync originate does not hold
 * a thread while the phone rings: its response is a future completed, on a virtual thread of its own, after the
 * core's {@code answered} stage.
 */
public final class CallControlActions {
    private static final Logger log = LoggerFactory.getLogger(CallControlActions.class);

    /**
     * Where a sync response is built and written once the core completes {@code answered}: never on the core's own
     * thread (which completes it from inside the call), and never on the timeout's shared timer thread.
     */
    private static final Executor RESPONDERS =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sync-originate-", 0).factory());

    private final CallControl control;
    private final Duration syncAnswerTimeout;

    /** @param syncAnswerTimeout longest wait of a sync originate (ring timeout plus a margin) */
    public CallControlActions(CallControl control, Duration syncAnswerTimeout) {
        this.control = control;
        this.syncAnswerTimeout = syncAnswerTimeout;
    }

    public CompletableFuture<ActionResponse> originate(String customerCode, RequestFields fields) {
        String number = fields.dialledNumber("number");
        String extension = fields.extensionNumber("extension_number");
        boolean sync = fields.flag("sync", false);
        CallControl.Originated o = core(() -> control.originate(customerCode, extension, number));
        Map<String, Object> data = data("linked_id", o.linkedId(), "channel_id", o.channelId());
        if (!sync) return CompletableFuture.completedFuture(ActionResponse.success(data));
        // orTimeout completes the core's own stage with a TimeoutException: the core learns that nobody waits any
        // more and ends the call (a phone still ringing stops), so a "no_answer" answer is never followed by a call
        return o.answered().toCompletableFuture()
                .orTimeout(syncAnswerTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handleAsync((outcome, failure) -> syncResponse(outcome, failure, data), RESPONDERS);
    }

    public CompletableFuture<ActionResponse> blindTransfer(String customerCode, RequestFields fields) {
        String channelId = fields.channelId("channel_id");
        String to = fields.dialledNumber("to_number");
        CallControl.Transferred t = core(() -> control.blindTransfer(customerCode, channelId, to));
        return done(data("linked_id", t.linkedId(), "channel_id", t.channelId()));
    }

    public CompletableFuture<ActionResponse> park(String customerCode, RequestFields fields) {
        String channelId = fields.channelId("channel_id");
        String spot = fields.parkingSpot("parking_spot");
        CallControl.Parked p = core(() -> control.park(customerCode, channelId, spot));
        Map<String, Object> data = data("parking_spot", p.parkingSpot(), "channel_id", p.channelId(),
                "linked_id", p.linkedId());
        data.put("timeout_at", epochSeconds(p.timeoutAt()));
        return done(data);
    }

    public CompletableFuture<ActionResponse> unpark(String customerCode, RequestFields fields) {
        String spot = fields.parkingSpot("parking_spot");
        String extension = fields.extensionNumber("extension_number");
        CallControl.Unparked u = core(() -> control.unpark(customerCode, spot, extension));
        return done(data("parking_spot", u.parkingSpot(), "channel_id", u.channelId(), "linked_id", u.linkedId()));
    }

    /** Epoch seconds with milliseconds, like the events' times; null (the park timeout is disabled) stays null. */
    static BigDecimal epochSeconds(Instant instant) {
        return instant == null ? null : BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private ActionResponse syncResponse(Outcome outcome, Throwable failure, Map<String, Object> data) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof CallControlException e) return ActionResponse.of(ApiFailure.of(e));
        if (cause instanceof TimeoutException) {
            return outcomeError("no_answer", "No answer within " + syncAnswerTimeout.toSeconds() + " seconds", data);
        }
        if (cause != null) {
            log.warn("sync originate {}: the answer stage failed", data.get("channel_id"), cause);
            return outcomeError("failed", "The call failed", data);
        }
        return switch (outcome == null ? Outcome.FAILED : outcome) {
            case ANSWERED -> ActionResponse.success(data);
            case BUSY -> outcomeError("busy", "The extension is busy", data);
            case NO_ANSWER -> outcomeError("no_answer", "The extension did not answer", data);
            case REJECTED -> outcomeError("rejected", "The extension rejected the call", data);
            case FAILED -> outcomeError("failed", "The call failed", data);
        };
    }

    /** {@code 409} with the outcome's code, and (additively) the ids of the call so events can be matched. */
    private static ActionResponse outcomeError(String error, String msg, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>(ActionResponse.error(409, error, msg, null).body());
        body.put("data", data);
        return new ActionResponse(409, body);
    }

    private static <T> T core(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (CallControlException e) {
            throw ApiFailure.of(e);
        }
    }

    private static CompletableFuture<ActionResponse> done(Map<String, Object> data) {
        return CompletableFuture.completedFuture(ActionResponse.success(data));
    }

    private static Map<String, Object> data(String... keysAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) data.put(keysAndValues[i], keysAndValues[i + 1]);
        return data;
    }
}
