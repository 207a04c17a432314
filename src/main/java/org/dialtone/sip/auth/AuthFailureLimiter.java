package org.dialtone.sip.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * Counts failed authentication attempts per key (a source address, or a source address and a user name) in a sliding
 * window; a key with {@code maxFailures} failures inside the window is {@link #blocked}. Thread-safe.
 * <p>
 * Memory is bounded whatever the clients send: a key is stored as 128 bits of its SHA-256 (a 64 KiB user name costs
 * what a short one does), its failures as counts in {@value #BUCKETS} time buckets (so a key costs the same whatever
 * {@code maxFailures} is), keys whose last failure left the window are purged as time passes, and at most
 * {@code maxKeys} keys are kept: past that, the key that failed least recently is forgotten first. The window slides in
 * steps of a twelfth of its length: a failure counts for between 11/12 and all of the window.
 */
public final class AuthFailureLimiter {

    public static final int DEFAULT_MAX_FAILURES = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    /** Keys tracked at most: source addresses, or source address and user name pairs. */
    public static final int DEFAULT_MAX_SOURCES = 100_000;
    static final int BUCKETS = 12;

    /** 128 bits of SHA-256 of a key. */
    private record KeyHash(long high, long low) {}

    /** Failure counts of one key: bucket {@code b} lives in {@code counts[b % BUCKETS]}. */
    private static final class Failures {
        final int[] counts = new int[BUCKETS];
        long newestBucket;
        long lastFailureMillis;
        int total;
    }

    private final int maxFailures;
    private final long windowMillis;
    private final long bucketMillis;
    private final int maxKeys;
    private final Clock clock;
    /** In order of last failure, oldest first (a failure moves its key to the end). */
    private final LinkedHashMap<KeyHash, Failures> failures = new LinkedHashMap<>();

    /** 10 failures per 60 s, tracking up to 100 000 keys. */
    public AuthFailureLimiter(Clock clock) {
        this(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_MAX_SOURCES, clock);
    }

    public AuthFailureLimiter(int maxFailures, Duration window, int maxKeys, Clock clock) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be >= 1, got " + maxFailures);
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be >= 1, got " + maxKeys);
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.bucketMillis = Math.max(1, (windowMillis + BUCKETS - 1) / BUCKETS);
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records one failed attempt for {@code key}; returns true when this failure is the one that blocks it (so a
     * caller can log a block once, not every request refused while it lasts).
     */
    public synchronized boolean recordFailure(String key) {
        long now = clock.millis();
        purge(now);
        KeyHash k = hash(key);
        Failures f = failures.remove(k);
        if (f == null) {
            f = new Failures();
            f.newestBucket = now / bucketMillis;
        }
        slide(f, now / bucketMillis);
        int slot = (int) Math.floorMod(f.newestBucket, (long) BUCKETS);
        if (f.counts[slot] < Integer.MAX_VALUE / BUCKETS) {
            f.counts[slot]++;
            f.total++;
        }
        f.lastFailureMillis = now;
        failures.put(k, f);
        if (failures.size() > maxKeys) {
            Iterator<KeyHash> oldest = failures.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return f.total == maxFailures;
    }

    /** Forgets the failures of {@code key}, e.g. after it authenticated successfully. */
    public synchronized void reset(String key) {
        failures.remove(hash(key));
    }

    /** True while {@code key} has at least {@code maxFailures} failures within the window ending now. */
    public synchronized boolean blocked(String key) {
        long now = clock.millis();
        purge(now);
        Failures f = failures.get(hash(key));
        if (f == null) return false;
        slide(f, now / bucketMillis);
        return f.total >= maxFailures;
    }

    /** Number of keys currently tracked. */
    public synchronized int trackedKeys() { return failures.size(); }

    /** Drops the buckets that left the window, so that {@code nowBucket} is the newest. */
    private static void slide(Failures f, long nowBucket) {
        if (nowBucket <= f.newestBucket) return;
        if (nowBucket - f.newestBucket >= BUCKETS) {
            java.util.Arrays.fill(f.counts, 0);
            f.total = 0;
        } else {
            for (long b = f.newestBucket + 1; b <= nowBucket; b++) {
                int slot = (int) Math.floorMod(b, (long) BUCKETS);
                f.total -= f.counts[slot];
                f.counts[slot] = 0;
            }
        }
        f.newestBucket = nowBucket;
    }

    /** Forgets keys whose last failure is a whole window old; they are at the head, in last-failure order. */
    private void purge(long now) {
        Iterator<Failures> it = failures.values().iterator();
        while (it.hasNext()) {
            if (now - it.next().lastFailureMillis < windowMillis) return;
            it.remove();
        }
    }

    private static KeyHash hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    String.valueOf(key).getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.wrap(digest);
            return new KeyHash(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
