package org.dialtone.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.CustomerRepository;

/**
 * Resolves the {@code Authorization} header of an API request to the token's customer. Accepts HTTP Basic with user
 * name {@code token} and the API token as password, or {@code Bearer <token>}; {@link #authenticateToken} takes the
 * token alone (the event stream's {@code access_token} query parameter).
 * <p>
 * Tokens are looked up by their SHA-256 hash; the stored hash is compared to the presented one in constant time. Both
 * hits and misses are cached for {@link #CACHE_TTL} (bounded to {@link #CACHE_MAX_ENTRIES}), so a request normally
 * does not touch the database; a revoked token therefore keeps working for at most that long.
 */
public final class ApiAuthenticator {
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);
    public static final int CACHE_MAX_ENTRIES = 10_000;
    /** Longer headers are rejected without hashing (a token is far shorter). */
    private static final int MAX_HEADER_LENGTH = 1024;

    /** Who a valid token belongs to. {@code tokenHash} identifies the token (per-token limits) without revealing it. */
    public record Principal(String customerCode, String tokenHash) {}

    private record Cached(Principal principal, long expiresAtMillis) {}

    private final CustomerRepository repository;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiAuthenticator(CustomerRepository repository) { this(repository, Clock.systemUTC()); }

    ApiAuthenticator(CustomerRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The principal of a valid {@code Authorization} header value; empty for missing, malformed or unknown tokens. */
    public Optional<Principal> authenticate(String authorization) {
        return authenticateToken(presentedToken(authorization));
    }

    /**
     * The principal of a bare token, as the event stream's {@code access_token} query parameter carries it for clients
     * that cannot set a header (a browser's EventSource); empty for missing, overlong or unknown tokens.
     */
    public Optional<Principal> authenticateToken(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_HEADER_LENGTH) return Optional.empty();
        String hash = ApiToken.hash(token);
        long now = clock.millis();
        Cached cached = cache.get(hash);
        if (cached == null || cached.expiresAtMillis() <= now) {
            cached = new Cached(lookup(hash), now + CACHE_TTL.toMillis());
            if (cache.size() >= CACHE_MAX_ENTRIES) evict(now);
            cache.put(hash, cached);
        }
        return Optional.ofNullable(cached.principal());
    }

    private Principal lookup(String hash) {
        Optional<ApiToken> stored = repository.findTokenByHash(hash);
        if (stored.isEmpty()) return null;
        byte[] presented = hash.getBytes(StandardCharsets.US_ASCII);
        byte[] expected = stored.get().tokenSha256().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, expected)) return null;
        return new Principal(stored.get().customerCode(), hash);
    }

    private void evict(long now) {
        cache.values().removeIf(c -> c.expiresAtMillis() <= now);
        if (cache.size() >= CACHE_MAX_ENTRIES) cache.clear(); // flood of distinct bad tokens: start over
    }

    /** The token of {@code Basic base64(token:<token>)} or {@code Bearer <token>}; null if neither. */
    static String presentedToken(String authorization) {
        if (authorization == null || authorization.length() > MAX_HEADER_LENGTH) return null;
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0) return null;
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) return value;
        if (!scheme.equalsIgnoreCase("Basic")) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals("token")) return null;
        return decoded.substring(colon + 1);
    }
}
