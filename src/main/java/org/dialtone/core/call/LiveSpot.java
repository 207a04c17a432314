package org.dialtone.core.call;

import java.time.Instant;

/**
 * One parking spot of a customer now: empty ({@code channel} null, and every other field but {@code spot} null), or
 * holding a parked channel since {@code parkedAt}, parked by {@code parkerNumber} (shown as {@code parkerName}; both
 * null when unknown), ringing the parker back at {@code timeoutAt} (null: never).
 */
public record LiveSpot(String spot, LiveChannel channel, String parkerNumber, String parkerName, Instant parkedAt,
                       Instant timeoutAt) {
    static LiveSpot empty(String spot) { return new LiveSpot(spot, null, null, null, null, null); }

    public boolean occupied() { return channel != null; }
}
