package org.dialtone.core.signalling;

import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.media.MediaLeg;

/**
 * The core's handle on the signalling of one channel (a SIP dialog, in practice). Implemented by the SIP adapter.
 * Methods never block; they may be called from the call's mailbox only.
 */
public interface SignallingLeg {
    /** The media endpoint anchored on the switch for this leg. */
    MediaLeg media();

    /** The device (SIP user name) at the other end, as events report it. */
    String device();

    /** Inbound leg: tell the caller the call is progressing, with early media (the switch plays ringback). */
    void progress();

    /** Inbound leg: answer the caller. */
    void answer();

    /** Ends the leg whatever its state: rejects, cancels or hangs up. Idempotent. */
    void hangup(HangupCause cause);
}
