package org.dialtone.core.signalling;

import org.dialtone.core.channel.HangupCause;

/**
 * What the signalling adapter reports about a leg. Called on adapter threads; implementations hand the work to the
 * call's mailbox and return at once.
 */
public interface LegListener {
    void ringing(SignallingLeg leg);

    /**
     * The far end sends audio before answering (a carrier's ringback or announcement, SIP 183 with SDP): the leg's
     * media is configured, and whoever waits for the leg should hear it.
     */
    default void earlyMedia(SignallingLeg leg) { }

    void answered(SignallingLeg leg);

    /** The leg ended: rejected, failed, cancelled by the remote side, or hung up after answer. */
    void ended(SignallingLeg leg, HangupCause cause);
}
