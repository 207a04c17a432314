package org.dialtone.core.call;

import java.time.Instant;

/**
 * What is kept of a finished call. {@code answerTime} is null when the call was never answered. {@code direction} is
 * {@code internal}, {@code inbound} or {@code outbound}; {@code outsideNumber} (E.164) and {@code trunk} name the
 * outside party of an inbound or outbound call, null otherwise.
 */
public record CallRecord(String linkedId, String customerCode, String fromNumber, String toNumber,
                         Instant startTime, Instant answerTime, Instant endTime, String disposition, String direction,
                         String outsideNumber, String trunk) {}
