package org.dialtone.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.CustomerRepository;

/**
 * Resolves the {@code Authorization} header of an API request to the token's customer. Accepts HTTP Basic with user
 * name {@code token} and the API token as password, or {@code Bearer <token>}; {@link #authenticateToken} takes the
 * token alone (the event stream's {@code access_token} query parameter).
 * <p>
 * Tokens are looked up by their SHA-256 hash; the stored hash is compared to the presented one in constant time.
 * Valid tokens are cached for {@link #CACHE_TTL} (at most {@link #CACHE_MAX_ENTRIES}, least recently used first out),
 * so a request normally does not touch the database. Unknown tokens are never cached, so no flood of bad tokens can
 * push the valid ones out; instead each client address may present {@link UnknownTokenLimiter#DEFAULT_PER_MINUTE}
 * unknown tokens a minute ({@code 401}), after which it is {@link Throttled} ({@code 429}) before any database lookup.
 * A token this authenticator has seen valid is always looked up again, so a throttled office keeps its good tokens.
 * <p>
 * {@link #forgetToken} and {@link #forgetCustomer} drop cached tokens at once, for revocation without a restart.
 */
public final class ApiAuthenticator {
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);
    public static final int CACHE_MAX_ENTRIES = 10_000;
    /** Longer headers are rejected without hashing (a token is far shorter). */
    private static final int MAX_HEADER_LENGTH = 1024;

    /** Who a valid token belongs to. {@code tokenHash} identifies the token (per-token limits) without revealing it. */
    public record Principal(String customerCode, String tokenHash) {}

    /** What to do with a request. */
    public sealed interface Outcome permits Authenticated, Unauthenticated, Throttled {}
    /** A valid token. */
    public record Authenticated(Principal principal) implements Outcome {}
    /** Missing, malformed, unknown or revoked token: {@code 401}. */
    public record Unauthenticated() implements Outcome {}
    /** Too many unknown tokens from this client address: {@code 429} with {@code Retry-After}. */
    public record Throttled(long retryAfterSeconds) implements Outcome {}

    private static final Unauthenticated UNAUTHENTICATED = new Unauthenticated();

    /** A valid token; past {@code freshUntilMillis} it is looked up again (but is never throttled). */
    private record Cached(Principal principal, long freshUntilMillis) {}

    private final CustomerRepository repository;
    private final Clock clock;
    private final UnknownTokenLimiter unknownTokens;
    /** Valid tokens by hash, least recently used first; guarded by itself. */
    private final LinkedHashMap<String, Cached> valid = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE_MAX_ENTRIES;
        }
    };

    public ApiAuthenticator(CustomerRepository repository) {
        this(repository, Clock.systemUTC(), new UnknownTokenLimiter(UnknownTokenLimiter.DEFAULT_PER_MINUTE,
                UnknownTokenLimiter.DEFAULT_MAX_ADDRESSES, System::nanoTime));
    }

    ApiAuthenticator(CustomerRepository repository, Clock clock, UnknownTokenLimiter unknownTokens) {
        this.repository = repository;
        this.clock = clock;
        this.unknownTokens = unknownTokens;
    }

    /** The outcome for an {@code Authorization} header value sent from {@code clientAddress}. */
    public Outcome authenticate(String authorization, String clientAddress) {
        return authenticateToken(presentedToken(authorization), clientAddress);
    }

    /**
     * The outcome for a bare token, as the event stream's {@code access_token} query parameter carries it for clients
     * that cannot set a header (a browser's EventSource). A missing or overlong token is {@link Unauthenticated}
     * without a lookup and without counting against the address.
     */
    public Outcome authenticateToken(String token, String clientAddress) {
        if (token == null || token.isEmpty() || token.length() > MAX_HEADER_LENGTH) return UNAUTHENTICATED;
        String hash = ApiToken.hash(token);
        long now = clock.millis();
        Cached cached;
        synchronized (valid) {
            cached = valid.get(hash);
        }
        if (cached != null && cached.freshUntilMillis() > now) return new Authenticated(cached.principal());
        if (cached == null) {
            long wait = unknownTokens.retryAfterSeconds(clientAddress);
            if (wait > 0) return new Throttled(wait);
        }
        Principal principal = lookup(hash);
        if (principal == null) {
            synchronized (valid) {
                valid.remove(hash);
            }
            unknownTokens.recordUnknown(clientAddress);
            return UNAUTHENTICATED;
        }
        synchronized (valid) {
            valid.put(hash, new Cached(principal, now + CACHE_TTL.toMillis()));
        }
        return new Authenticated(principal);
    }

    /** Forgets a cached token (by its SHA-256 hex), so its next use is looked up: for revoking it. */
    public void forgetToken(String tokenHash) {
        synchronized (valid) {
            valid.remove(tokenHash.toLowerCase(Locale.ROOT));
        }
    }

    /** Forgets every cached token of a customer: for disabling it. */
    public void forgetCustomer(String customerCode) {
        synchronized (valid) {
            valid.values().removeIf(c -> c.principal().customerCode().equals(customerCode));
        }
    }

    int cachedTokens() {
        synchronized (valid) {
            return valid.size();
        }
    }

    private Principal lookup(String hash) {
        Optional<ApiToken> stored = repository.findTokenByHash(hash);
        if (stored.isEmpty()) return null;
        byte[] presented = hash.getBytes(StandardCharsets.US_ASCII);
        byte[] expected = stored.get().tokenSha256().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, expected)) return null;
        return new Principal(stored.get().customerCode(), hash);
    }

    /** The token of {@code Basic base64(token:<token>)} or {@code Bearer <token>}; null if neither. */
    static String presentedToken(String authorization) { return presentedToken(authorization, "token"); }

    /** The token of {@code Basic base64(<basicUser>:<token>)} or {@code Bearer <token>}; null if neither. */
    static String presentedToken(String authorization, String basicUser) {
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
        if (colon < 0 || !decoded.substring(0, colon).equals(basicUser)) return null;
        return decoded.substring(colon + 1);
    }
}
