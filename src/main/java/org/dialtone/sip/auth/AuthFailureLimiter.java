package org.dialtone.sip.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts failed authentication attempts per source IP in a sliding window; a source with {@code maxFailures} failures
 * inside the window is {@link #blocked}. Memory is bounded: at most {@code maxSources} addresses are tracked, each with
 * at most {@code maxFailures} timestamps, and the source that failed least recently is evicted first. Thread-safe.
 */
public final class AuthFailureLimiter {

    public static final int DEFAULT_MAX_FAILURES = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_SOURCES = 100_000;

    private final int maxFailures;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, ArrayDeque<Long>> failuresBySource;

    /** 10 failures per 60 s, tracking up to 100 000 sources. */
    public AuthFailureLimiter(Clock clock) {
        this(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_MAX_SOURCES, clock);
    }

    public AuthFailureLimiter(int maxFailures, Duration window, int maxSources, Clock clock) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be >= 1, got " + maxFailures);
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (maxSources < 1) throw new IllegalArgumentException("maxSources must be >= 1, got " + maxSources);
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failuresBySource = new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Records one failed attempt from {@code ip}. */
    public synchronized void recordFailure(String ip) {
        long now = clock.millis();
        ArrayDeque<Long> failures = failuresBySource.get(ip);
        if (failures == null) {
            failures = new ArrayDeque<>();
            failuresBySource.put(ip, failures);
        }
        dropOld(failures, now);
        failures.addLast(now);
        while (failures.size() > maxFailures) failures.removeFirst();
    }

    /** Forgets the failures of {@code ip}, e.g. after it authenticated successfully. */
    public synchronized void reset(String ip) {
        failuresBySource.remove(ip);
    }

    /** True while {@code ip} has at least {@code maxFailures} failures within the window ending now. */
    public synchronized boolean blocked(String ip) {
        ArrayDeque<Long> failures = failuresBySource.get(ip);
        if (failures == null) return false;
        dropOld(failures, clock.millis());
        if (failures.isEmpty()) {
            failuresBySource.remove(ip);
            return false;
        }
        return failures.size() >= maxFailures;
    }

    /** Number of source addresses currently tracked. */
    public synchronized int trackedSources() { return failuresBySource.size(); }

    private void dropOld(ArrayDeque<Long> failures, long now) {
        while (!failures.isEmpty() && now - failures.peekFirst() >= windowMillis) failures.removeFirst();
    }
}
