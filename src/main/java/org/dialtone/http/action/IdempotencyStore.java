package org.dialtone.http.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Remembers action responses by {@code Idempotency-Key}, per API token, for {@link #DEFAULT_TTL} after the response
 * was made (or after the first request arrived, while it is still running). A repeat with the same key and the same
 * request (path and body bytes) gets the first response, waiting for it if the first is still running; the same key
 * with a different request is a conflict. Server errors (5xx) are forgotten so that a retry runs again.
 * <p>
 * Memory is bounded per token: beyond {@code maxKeysPerToken} keys, that token's oldest keys are forgotten early, so
 * one customer sending keys as fast as its rate limit allows never pushes out another's. Keys are only ever stored
 * for authenticated tokens, so the number of tokens is bounded by the configuration; a token's keys are dropped once
 * all have expired.
 */
public final class IdempotencyStore {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    /** More than a token can send in {@link #DEFAULT_TTL} at the default rate limit (40 at once, then 20 a second). */
    public static final int DEFAULT_MAX_KEYS_PER_TOKEN = 2_000;
    public static final int MAX_KEY_LENGTH = 255;

    /** What to do with a request that carries a key. */
    public sealed interface Claim {}
    /** First use of the key: run the action, then {@link #complete} this. */
    public record Fresh(Object token) implements Claim {}
    /** A repeat: answer with this (possibly still running) response. */
    public record Replay(CompletableFuture<ActionResponse> response) implements Claim {}
    /** The key was used for a different request. */
    public record Conflict() implements Claim {}

    private record Key(String tokenId, String key) {}

    private static final class Entry {
        final Key key;
        final byte[] fingerprint;
        final CompletableFuture<ActionResponse> response = new CompletableFuture<>();
        long expiresAtNanos;

        Entry(Key key, byte[] fingerprint, long expiresAtNanos) {
            this.key = key;
            this.fingerprint = fingerprint;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    private final long ttlNanos;
    private final int maxKeysPerToken;
    private final LongSupplier nanoTime;
    /** Per token, its keys in expiry order of the completed ones (running ones may sit anywhere). */
    private final Map<String, LinkedHashMap<Key, Entry>> byToken = new HashMap<>();
    private long nextSweepNanos;

    public IdempotencyStore() { this(DEFAULT_TTL, DEFAULT_MAX_KEYS_PER_TOKEN, System::nanoTime); }

    IdempotencyStore(Duration ttl, int maxKeysPerToken, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.maxKeysPerToken = maxKeysPerToken;
        this.nanoTime = nanoTime;
        this.nextSweepNanos = nanoTime.getAsLong() + ttlNanos;
    }

    /** Whether a header value is acceptable as a key: 1 to 255 visible ASCII characters. */
    public static boolean isValidKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) return false;
        return key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    /** SHA-256 of the request path and body, what "the same request" means. */
    public static byte[] fingerprint(String path, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized Claim claim(String tokenId, String key, byte[] fingerprint) {
        long now = nanoTime.getAsLong();
        sweepIfDue(now);
        LinkedHashMap<Key, Entry> entries = byToken.computeIfAbsent(tokenId, t -> new LinkedHashMap<>());
        evictExpired(entries, now);
        Key k = new Key(tokenId, key);
        Entry existing = entries.get(k);
        if (existing != null) {
            return Arrays.equals(existing.fingerprint, fingerprint) ? new Replay(existing.response) : new Conflict();
        }
        Entry entry = new Entry(k, fingerprint, now + ttlNanos);
        entries.put(k, entry);
        while (entries.size() > maxKeysPerToken) {
            Iterator<Entry> eldest = entries.values().iterator();
            eldest.next();
            eldest.remove();
        }
        return new Fresh(entry);
    }

    /** Records the response of a {@link Fresh} claim and releases any repeats waiting for it. */
    public void complete(Fresh claim, ActionResponse response) {
        Entry entry = (Entry) claim.token();
        synchronized (this) {
            LinkedHashMap<Key, Entry> entries = byToken.get(entry.key.tokenId());
            if (entries != null && entries.get(entry.key) == entry) {
                entries.remove(entry.key);
                if (response.status() < 500) {
                    entry.expiresAtNanos = nanoTime.getAsLong() + ttlNanos;
                    entries.put(entry.key, entry); // to the young end
                }
            }
        }
        entry.response.complete(response);
    }

    /** Keys remembered, over all tokens. */
    public synchronized int size() { return byToken.values().stream().mapToInt(Map::size).sum(); }

    /** Keys remembered for one token. */
    public synchronized int size(String tokenId) {
        LinkedHashMap<Key, Entry> entries = byToken.get(tokenId);
        return entries == null ? 0 : entries.size();
    }

    /** Once a TTL, drops the expired keys of every token, and the tokens left with none. */
    private void sweepIfDue(long now) {
        if (now - nextSweepNanos < 0) return;
        nextSweepNanos = now + ttlNanos;
        for (var it = byToken.values().iterator(); it.hasNext(); ) {
            LinkedHashMap<Key, Entry> entries = it.next();
            evictExpired(entries, now);
            if (entries.isEmpty()) it.remove();
        }
    }

    private static void evictExpired(LinkedHashMap<Key, Entry> entries, long now) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.expiresAtNanos - now > 0) {
                if (e.response.isDone()) break; // completed entries are in expiry order from here on
                continue;                       // a running one: look past it
            }
            it.remove();
        }
    }
}
