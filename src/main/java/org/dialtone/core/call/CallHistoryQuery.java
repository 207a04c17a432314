package org.dialtone.core.call;

import java.time.Instant;
import java.util.List;

/**
 * One page of a customer's call history, newest first (by start time, then storage order): calls that started in
 * {@code [from, to)} (either bound null: open), in which {@code extension} took part as the calling or the called
 * number (null: any), of {@code direction} (null: any), at most {@code limit}, strictly after position {@code after}
 * (null: from the newest). Paging by position (keyset), not by offset, so calls stored while a client pages through
 * neither repeat nor shift a row.
 */
public record CallHistoryQuery(String customerCode, Instant from, Instant to, String extension, String direction,
                               int limit, Position after) {
    public CallHistoryQuery {
        if (customerCode == null) throw new IllegalArgumentException("customer code is required");
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
    }

    /** Where a page ended: the start time (epoch milliseconds, as stored) and storage id of its last call. */
    public record Position(long startMillis, long id) {}

    /** The calls of one page, and where the next one starts (null: this was the last page). */
    public record Page(List<CallRecord> records, Position next) {}
}
