package org.dialtone.core.control;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * The call-control actions of the API, in core terms. Every method validates synchronously (unknown channel,
 * wrong state, occupied spot...) and throws {@link CallControlException}; what happens after (ringing, answer,
 * bridging) is reported through events. Ids are allocated before anything rings. Implementations never let one
 * customer see or touch another customer's channels: a foreign id is reported exactly like an unknown one.
 */
public interface CallControl {

    /**
     * Rings every registered device of {@code extensionNumber} presenting {@code number}; when answered, plays
     * ringback and dials {@code number} (an extension of the customer, or a parking spot = retrieve that call).
     */
    Originated originate(String customerCode, String extensionNumber, String number);

    /** Moves the (answered) channel to {@code toNumber}; its bridged peer is released. */
    Transferred blindTransfer(String customerCode, String channelId, String toNumber);

    /** Moves the (answered) channel into a parking spot with music on hold; its bridged peer is released. */
    Parked park(String customerCode, String channelId, String spot);

    /** Rings {@code extensionNumber} showing the parked caller; on answer they are bridged. */
    Unparked unpark(String customerCode, String spot, String extensionNumber);

    /**
     * @param answered completes when the extension's phone answered ({@code ANSWERED}) or did not (the other outcomes);
     *                 completes within the ring timeout. A caller that stops waiting completes it itself (e.g.
     *                 exceptionally, with a timeout): the call then ends, the phone stops ringing, and a phone that
     *                 answers later is hung up, so no call goes on that the caller was told did not happen
     */
    record Originated(String linkedId, String channelId, CompletionStage<Outcome> answered) {}

    record Transferred(String linkedId, String channelId) {}

    record Parked(String parkingSpot, String channelId, String linkedId, Instant timeoutAt) {}

    record Unparked(String parkingSpot, String channelId, String linkedId) {}

    /** How ringing an extension ended. */
    enum Outcome { ANSWERED, BUSY, NO_ANSWER, REJECTED, FAILED }
}
