package org.dialtone.http.action;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API token (Bucket4j): {@code burst} requests at once, refilled at {@code perSecond}. Buckets
 * of idle tokens are dropped when the map grows past {@link #MAX_BUCKETS}; a dropped bucket comes back full, which
 * an idle token's bucket is anyway.
 */
public final class TokenRateLimiter {
    static final int MAX_BUCKETS = 10_000;

    /**
     * One decision, with what the headers say: {@code remaining} requests now, {@code resetSeconds} until the bucket
     * is full again, {@code retryAfterSeconds} until the next request would pass (0 when this one passed).
     */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
        /** The {@code X-RateLimit-*} headers every rate-limited response carries. */
        public void addHeaders(io.javalin.http.Context ctx) {
            ctx.header("X-RateLimit-Limit", Long.toString(limit));
            ctx.header("X-RateLimit-Remaining", Long.toString(remaining));
            ctx.header("X-RateLimit-Reset", Long.toString(resetSeconds));
        }
    }

    private final long perSecond;
    private final long burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenRateLimiter(int perSecond, int burst) {
        if (perSecond < 1 || burst < 1) throw new IllegalArgumentException("rate limits must be at least 1");
        this.perSecond = perSecond;
        this.burst = burst;
    }

    public Decision tryAcquire(String tokenId) {
        if (buckets.size() >= MAX_BUCKETS && !buckets.containsKey(tokenId)) dropIdleBuckets();
        Bucket bucket = buckets.computeIfAbsent(tokenId, id -> Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long reset = ceilSeconds(probe.getNanosToWaitForReset());
        if (probe.isConsumed()) return new Decision(true, burst, probe.getRemainingTokens(), reset, 0);
        return new Decision(false, burst, 0, reset, Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
    }

    private void dropIdleBuckets() {
        buckets.values().removeIf(b -> b.getAvailableTokens() >= burst);
        if (buckets.size() >= MAX_BUCKETS) buckets.clear(); // every one busy: a flood; start over rather than grow
    }

    private static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
