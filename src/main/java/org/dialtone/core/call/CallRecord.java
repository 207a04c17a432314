package org.dialtone.core.call;

import java.time.Instant;

/** What is kept of a finished call. {@code answerTime} is null when the call was never answered. */
public record CallRecord(String linkedId, String customerCode, String fromNumber, String toNumber,
                         Instant startTime, Instant answerTime, Instant endTime, String disposition) {}
