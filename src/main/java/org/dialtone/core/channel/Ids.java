package org.dialtone.core.channel;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Allocates channel identifiers. {@code unique_id} is {@code <epoch ms>.<6-digit sequence>}; the millisecond part never
 * goes backwards within a process and restarts take at least a millisecond, so ids are unique across restarts.
 */
public final class Ids {
    private static final AtomicLong LAST = new AtomicLong();

    private Ids() {}

    public static String channelId() { return UUID.randomUUID().toString(); }

    public static String uniqueId() {
        // pack (millis, seq) into one long: millis * 1_000_000 + seq, monotonic
        long next = LAST.updateAndGet(prev -> {
            long nowBase = System.currentTimeMillis() * 1_000_000L;
            return Math.max(prev + 1, nowBase);
        });
        long millis = next / 1_000_000L;
        long seq = next % 1_000_000L;
        return millis + "." + String.format("%06d", seq);
    }
}
