package org.dialtone.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import org.dialtone.core.customer.ApiToken;

/**
 * Resolves the {@code Authorization} header of a management API request ({@code /v1.0/admin}) to the admin token's
 * label: {@code Bearer <token>} or HTTP Basic with user name {@code admin}. Admin tokens come from the configuration
 * ({@code admin_tokens}) and are held as SHA-256 hashes, compared in constant time with each of them. A customer's API
 * token is not an admin token (401), and an admin token is no customer token (the customer routes answer 401).
 * Unknown tokens are throttled per client address as on the customer API ({@link UnknownTokenLimiter}: 429 with
 * {@code Retry-After} once an address has presented too many).
 */
public final class AdminAuthenticator {
    /** One admin token: who it is ({@code label}, the actor in the audit log) and its SHA-256 hex. */
    public record AdminToken(String label, String tokenSha256) {
        public AdminToken {
            tokenSha256 = tokenSha256.toLowerCase(Locale.ROOT);
        }

        @Override public String toString() { return "AdminToken[" + label + "]"; }
    }

    /** What to do with a request. */
    public sealed interface Outcome permits Admin, Unauthenticated, Throttled {}
    /**
     * A valid admin token: {@code label} names the actor; {@code tokenSha256} keys its request budget (the management
     * API's per-token rate limit).
     */
    public record Admin(String label, String tokenSha256) implements Outcome {
        @Override public String toString() { return "Admin[" + label + "]"; }
    }
    /** Missing, malformed or unknown token: {@code 401}. */
    public record Unauthenticated() implements Outcome {}
    /** Too many unknown tokens from this address: {@code 429} with {@code Retry-After}. */
    public record Throttled(long retryAfterSeconds) implements Outcome {}

    private static final int MAX_HEADER_LENGTH = 1024;

    private final List<AdminToken> tokens;
    private final UnknownTokenLimiter unknownTokens;

    public AdminAuthenticator(List<AdminToken> tokens) {
        this(tokens, new UnknownTokenLimiter(UnknownTokenLimiter.DEFAULT_PER_MINUTE,
                UnknownTokenLimiter.DEFAULT_MAX_ADDRESSES, System::nanoTime));
    }

    AdminAuthenticator(List<AdminToken> tokens, UnknownTokenLimiter unknownTokens) {
        this.tokens = List.copyOf(tokens);
        this.unknownTokens = unknownTokens;
    }

    public Outcome authenticate(String authorization, String clientAddress) {
        if (authorization == null || authorization.length() > MAX_HEADER_LENGTH) return new Unauthenticated();
        String token = ApiAuthenticator.presentedToken(authorization, "admin");
        if (token == null || token.isEmpty()) return new Unauthenticated();
        long wait = unknownTokens.retryAfterSeconds(clientAddress);
        byte[] presented = ApiToken.hash(token).getBytes(StandardCharsets.US_ASCII);
        AdminToken match = null;
        for (AdminToken t : tokens) { // every one compared, in constant time: no timing says which matched
            if (MessageDigest.isEqual(presented, t.tokenSha256().getBytes(StandardCharsets.US_ASCII))) match = t;
        }
        if (match != null) return new Admin(match.label(), match.tokenSha256());
        if (wait > 0) return new Throttled(wait);
        unknownTokens.recordUnknown(clientAddress);
        return new Unauthenticated();
    }

    public boolean hasTokens() { return !tokens.isEmpty(); }
}
