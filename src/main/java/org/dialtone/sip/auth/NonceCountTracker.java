package org.dialtone.sip.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replay protection for qop=auth: remembers the highest nonce count accepted per nonce. Memory is bounded: entries of
 * expired nonces are purged and, past {@code maxEntries}, the oldest entries are evicted. To stay safe after an
 * eviction, a nonce issued no later than the newest evicted one is reported {@link Outcome#FORGOTTEN} when it is not
 * tracked, so the caller re-challenges instead of accepting a possibly replayed count.
 */
final class NonceCountTracker {

    enum Outcome { ACCEPTED, REPLAYED, FORGOTTEN }

    private record Entry(long issuedAtMillis, long highestNc) {}

    private final int maxEntries;
    private final NonceCodec codec;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long evictedIssuedAtWatermark = Long.MIN_VALUE;

    NonceCountTracker(int maxEntries, NonceCodec codec) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        this.maxEntries = maxEntries;
        this.codec = codec;
    }

    /** Accepts {@code nc} for an authentic nonce when it is strictly greater than every count accepted before. */
    synchronized Outcome advance(String nonce, long issuedAtMillis, long nc, long nowMillis) {
        purgeExpired(nowMillis);
        Entry entry = entries.get(nonce);
        if (entry == null) {
            if (issuedAtMillis <= evictedIssuedAtWatermark) return Outcome.FORGOTTEN;
            entries.put(nonce, new Entry(issuedAtMillis, nc));
            evictOverflow();
            return Outcome.ACCEPTED;
        }
        if (nc <= entry.highestNc()) return Outcome.REPLAYED;
        entries.put(nonce, new Entry(entry.issuedAtMillis(), nc));
        return Outcome.ACCEPTED;
    }

    synchronized int size() { return entries.size(); }

    /** Entries are kept in first-use order, which roughly follows issue order, so expired ones gather at the head. */
    private void purgeExpired(long nowMillis) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext() && codec.isExpired(it.next().issuedAtMillis(), nowMillis)) it.remove();
    }

    private void evictOverflow() {
        Iterator<Entry> it = entries.values().iterator();
        while (entries.size() > maxEntries && it.hasNext()) {
            evictedIssuedAtWatermark = Math.max(evictedIssuedAtWatermark, it.next().issuedAtMillis());
            it.remove();
        }
    }
}
