package org.dialtone.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * How many unknown API tokens each client address may try: a bucket of {@code perMinute} tries, refilled at
 * {@code perMinute} a minute. While an address's bucket is empty, {@link #retryAfterSeconds} says how long to wait
 * and the caller refuses the request before looking the token up, so guessing tokens costs the database nothing.
 * <p>
 * An IPv6 client is counted by its /64 (one host usually holds the whole /64, so one address each would not limit
 * it). At most {@code maxAddresses} addresses are tracked; past that, the one that tried least recently is
 * forgotten (its bucket comes back full). Thread-safe.
 */
final class UnknownTokenLimiter {
    static final int DEFAULT_PER_MINUTE = 20;
    static final int DEFAULT_MAX_ADDRESSES = 50_000;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private static final class Bucket {
        double tries;
        long updatedNanos;
    }

    private final int perMinute;
    private final int maxAddresses;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    UnknownTokenLimiter(int perMinute, int maxAddresses, LongSupplier nanoTime) {
        if (perMinute < 1 || maxAddresses < 1) throw new IllegalArgumentException("limits must be at least 1");
        this.perMinute = perMinute;
        this.maxAddresses = maxAddresses;
        this.nanoTime = nanoTime;
    }

    /** Seconds until {@code address} may try another unknown token; 0 when it may now. */
    synchronized long retryAfterSeconds(String address) {
        Bucket b = buckets.get(key(address));
        if (b == null) return 0;
        refill(b);
        if (b.tries >= 1) return 0;
        double nanosToOne = (1 - b.tries) * MINUTE_NANOS / perMinute;
        return Math.max(1, (long) Math.ceil(nanosToOne / 1e9));
    }

    /** Counts one unknown token presented by {@code address}. */
    synchronized void recordUnknown(String address) {
        String key = key(address);
        Bucket b = buckets.get(key);
        if (b == null) {
            b = new Bucket();
            b.tries = perMinute;
            b.updatedNanos = nanoTime.getAsLong();
            buckets.put(key, b);
            if (buckets.size() > maxAddresses) {
                Iterator<String> eldest = buckets.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        refill(b);
        b.tries = Math.max(0, b.tries - 1);
    }

    synchronized int trackedAddresses() { return buckets.size(); }

    private void refill(Bucket b) {
        long now = nanoTime.getAsLong();
        b.tries = Math.min(perMinute, b.tries + (double) (now - b.updatedNanos) * perMinute / MINUTE_NANOS);
        b.updatedNanos = now;
    }

    /** The address itself, or its /64 for IPv6; the raw text when it is not an IP literal. */
    static String key(String address) {
        if (address == null) return "";
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        if (literal.indexOf(':') < 0) return literal;
        try {
            InetAddress parsed = InetAddress.getByName(literal); // a literal: no DNS lookup
            if (parsed instanceof Inet6Address v6) {
                return HexFormat.of().formatHex(Arrays.copyOf(v6.getAddress(), 8)) + "::/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return literal;
        }
    }
}
