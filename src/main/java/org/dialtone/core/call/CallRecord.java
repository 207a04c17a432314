package org.dialtone.core.call;

import java.time.Instant;

/**
 * What is kept of a call. It is stored when the call starts ringing ({@link #IN_PROGRESS}, no end time), again when it
 * is answered, and once more when it ends. {@code answerTime} is null when the call was never answered;
 * {@code endTime} is null while the call is in progress, and for a call {@link #INTERRUPTED} by a switch that stopped
 * without ending it (a crash: when it ended is unknown). {@code disposition} is {@code answered}, a dial status
 * ({@code no answer}, {@code busy}, ...), {@link #IN_PROGRESS} or {@link #INTERRUPTED}. {@code direction} is
 * {@code internal}, {@code inbound} or {@code outbound}; {@code outsideNumber} (E.164) and {@code trunk} name the
 * outside party of an inbound or outbound call, null otherwise.
 */
public record CallRecord(String linkedId, String customerCode, String fromNumber, String toNumber,
                         Instant startTime, Instant answerTime, Instant endTime, String disposition, String direction,
                         String outsideNumber, String trunk) {
    /** The disposition of a call that has not ended yet. */
    public static final String IN_PROGRESS = "in progress";
    /** The disposition of a call the switch stopped (crashed, was killed) without ending; its end time is unknown. */
    public static final String INTERRUPTED = "interrupted";

    public boolean inProgress() { return IN_PROGRESS.equals(disposition); }

    /**
     * Of two versions of one call's record, the one to keep: the newer, unless it would turn an ended call back into
     * one in progress.
     */
    static CallRecord newest(CallRecord pending, CallRecord newer) {
        return !pending.inProgress() && newer.inProgress() ? pending : newer;
    }
}
