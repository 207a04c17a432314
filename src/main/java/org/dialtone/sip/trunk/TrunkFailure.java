package org.dialtone.sip.trunk;

import org.dialtone.core.channel.HangupCause;

/**
 * What a failed attempt on one trunk means: the cause the call ends with, the label the trunk's failure counter
 * gets ({@link TrunkState#recordFailure}), and whether the next trunk is tried instead.
 */
public record TrunkFailure(HangupCause cause, String label, boolean tryNextTrunk) {
    /** No response at all in time (the INVITE transaction timed out, or stayed silent). */
    public static final TrunkFailure TIMEOUT = new TrunkFailure(HangupCause.FAILED, "timeout", true);
    /** The request could not be sent (connection refused, unreachable). */
    public static final TrunkFailure TRANSPORT = new TrunkFailure(HangupCause.FAILED, "transport", true);
    /** A challenge we cannot answer (no credentials) or a second one (credentials refused). */
    public static final TrunkFailure AUTH = new TrunkFailure(HangupCause.FAILED, "auth", false);
    /** Unusable SDP in a 18x or 200, or a 200 without SDP. */
    public static final TrunkFailure BAD_SDP = new TrunkFailure(HangupCause.FAILED, "bad_sdp", false);
    /** Nobody answered before the switch gave up. */
    public static final TrunkFailure NO_ANSWER = new TrunkFailure(HangupCause.NO_ANSWER, "no_answer", false);

    /** The meaning of a final non-2xx response to our INVITE (401/407 only when they cannot be answered). */
    public static TrunkFailure ofStatus(int status) {
        return switch (status) {
            case 486, 600 -> new TrunkFailure(HangupCause.BUSY, "busy", false);
            case 480, 408 -> new TrunkFailure(HangupCause.NO_ANSWER, "no_answer", false);
            case 404, 484 -> new TrunkFailure(HangupCause.NOT_FOUND, "invalid_number", false);
            case 603 -> new TrunkFailure(HangupCause.REJECTED, "rejected", false);
            case 401, 407 -> AUTH;
            case 503 -> new TrunkFailure(HangupCause.FAILED, "503", true);
            default -> status >= 500 && status < 600 ? new TrunkFailure(HangupCause.FAILED, "5xx", true)
                    : new TrunkFailure(HangupCause.FAILED, (status / 100) + "xx", false);
        };
    }
}
