package org.dialtone.http.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Remembers action responses by {@code Idempotency-Key}, per API token, for {@link #DEFAULT_TTL} after the response
 * was made (or after the first request arrived, while it is still running). A repeat with the same key and the same
 * request (path and body bytes) gets the first response, waiting for it if the first is still running; the same key
 * with a different request is a conflict. Server errors (5xx) are forgotten so that a retry runs again. Memory is
 * bounded: beyond {@code maxEntries} the oldest keys are forgotten early.
 */
public final class IdempotencyStore {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
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
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

    public IdempotencyStore() { this(DEFAULT_TTL, DEFAULT_MAX_ENTRIES, System::nanoTime); }

    IdempotencyStore(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
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
        evictExpired(now);
        Key k = new Key(tokenId, key);
        Entry existing = entries.get(k);
        if (existing != null) {
            return Arrays.equals(existing.fingerprint, fingerprint) ? new Replay(existing.response) : new Conflict();
        }
        Entry entry = new Entry(k, fingerprint, now + ttlNanos);
        entries.put(k, entry);
        while (entries.size() > maxEntries) {
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
            if (entries.get(entry.key) == entry) {
                entries.remove(entry.key);
                if (response.status() < 500) {
                    entry.expiresAtNanos = nanoTime.getAsLong() + ttlNanos;
                    entries.put(entry.key, entry); // to the young end
                }
            }
        }
        entry.response.complete(response);
    }

    public synchronized int size() { return entries.size(); }

    private void evictExpired(long now) {
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
