package org.dialtone.core.signalling;

/** What starting to ring gave: a leg that rings, or why nothing rings. */
public sealed interface RingResult {
    record Ringing(SignallingLeg leg) implements RingResult {}

    record Failed(Failure failure) implements RingResult {}

    enum Failure {
        /** The extension (every member of a group) has no registered device. */
        NO_DEVICE,
        /** No RTP port pair was free to anchor the media. */
        NO_MEDIA_PORT,
        /** Every INVITE failed to be sent (transport error). */
        NOT_SENT,
        /** No trunk could take the call (all down, at their channel limit, or none configured). */
        NO_TRUNK,
        /** Every account to ring is at its limit of concurrent calls: it is busy. */
        AT_LIMIT
    }

    static RingResult ringing(SignallingLeg leg) { return new Ringing(leg); }

    static RingResult failed(Failure failure) { return new Failed(failure); }
}
