package org.dialtone.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dialtone.core.customer.DigestCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760): issues challenges with stateless
 * HMAC-protected nonces and verifies Authorization / Proxy-Authorization credentials against stored HA1 values.
 * <p>
 * A response is accepted only when it uses {@code qop=auth} (so its nonce count protects against replay), one of the
 * algorithms the challenges offered, and a digest {@code uri} that names the request's own Request-URI. The RFC 2069
 * form without qop is refused like a wrong password: it carries no nonce count, so a sniffed REGISTER could be replayed
 * with another Contact for the whole nonce lifetime.
 * <p>
 * Unknown users are verified against a dummy account, so they get the same answer ({@link Result#WRONG}) after the
 * same work as a wrong password. Thread-safe.
 */
public final class DigestAuthenticator {

    /** Outcome of {@link #verify}. */
    public enum Result {
        /** Credentials are correct and fresh. */
        OK,
        /** Credentials were correct but the nonce has expired (or was forgotten): re-challenge with stale=true. */
        STALE,
        /**
         * Unknown user, wrong password, foreign realm, forged nonce, no qop, an algorithm not offered, or a digest uri
         * of another request: re-challenge.
         */
        WRONG,
        /** Correct credentials with a nonce count not above one already accepted: a replay, reject. */
        REPLAY,
        /** Mandatory parameters missing or malformed (answer 400 or re-challenge). */
        MALFORMED
    }

    public static final int DEFAULT_MAX_TRACKED_NONCES = 10_000;
    private static final int MIN_SECRET_BYTES = 16;
    private static final Pattern NONCE_COUNT = Pattern.compile("[0-9a-fA-F]{8}");
    private static final Logger log = LoggerFactory.getLogger(DigestAuthenticator.class);

    private final String realm;
    private final Clock clock;
    private final NonceCodec nonces;
    private final NonceCountTracker nonceCounts;
    private final String opaque;
    private final DigestCredentials dummyCredentials;
    private volatile List<DigestAlgorithm> offered = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    public DigestAuthenticator(byte[] serverSecret, String realm, Duration nonceLifetime, Clock clock) {
        this(serverSecret, realm, nonceLifetime, clock, DEFAULT_MAX_TRACKED_NONCES);
    }

    /**
     * @param serverSecret     at least 16 bytes; keep it across restarts or all outstanding nonces become invalid
     * @param maxTrackedNonces bound on the replay-protection table
     */
    public DigestAuthenticator(byte[] serverSecret, String realm, Duration nonceLifetime, Clock clock,
                               int maxTrackedNonces) {
        Objects.requireNonNull(serverSecret, "serverSecret");
        if (serverSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("serverSecret must be at least " + MIN_SECRET_BYTES + " bytes, got "
                    + serverSecret.length);
        }
        if (realm == null || realm.isBlank()) throw new IllegalArgumentException("realm must not be blank");
        if (nonceLifetime == null || nonceLifetime.isNegative() || nonceLifetime.isZero()) {
            throw new IllegalArgumentException("nonceLifetime must be positive, got " + nonceLifetime);
        }
        this.realm = realm;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = new NonceCodec(serverSecret, realm, nonceLifetime, clock);
        this.nonceCounts = new NonceCountTracker(maxTrackedNonces, nonces);
        this.opaque = nonces.opaque();
        byte[] dummyPassword = new byte[16];
        new SecureRandom().nextBytes(dummyPassword);
        this.dummyCredentials = DigestCredentials.derive("unknown-user", realm, HexFormat.of().formatHex(dummyPassword));
    }

    public String realm() { return realm; }

    /**
     * Which algorithms challenges offer, in order. Some phones (baresip 1.0 / libre) give up on the whole challenge
     * as soon as one header names an algorithm other than MD5, so the switch offers MD5 alone unless configured.
     */
    public DigestAuthenticator offering(List<DigestAlgorithm> algorithms) {
        if (algorithms.isEmpty()) throw new IllegalArgumentException("at least one digest algorithm must be offered");
        this.offered = List.copyOf(algorithms);
        return this;
    }

    /**
     * Values for WWW-Authenticate / Proxy-Authenticate, one per algorithm, SHA-256 first (RFC 8760 §2.4), sharing one
     * fresh nonce. Each value is meant for its own header.
     */
    public List<String> challenges(boolean stale) {
        String nonce = nonces.issue();
        List<String> out = new ArrayList<>(2);
        for (DigestAlgorithm algorithm : offered) {
            out.add("Digest realm=" + quote(realm) + ", nonce=\"" + nonce + "\", opaque=\"" + opaque
                    + "\", algorithm=" + algorithm.token() + ", qop=\"auth\"" + (stale ? ", stale=true" : ""));
        }
        return out;
    }

    /** Parses an Authorization / Proxy-Authorization value; missing parameters are left null for {@link #verify}. */
    public DigestResponse parse(String authorizationHeaderValue) throws DigestParseException {
        return DigestHeaderParser.toResponse(DigestHeaderParser.parse(authorizationHeaderValue));
    }

    /**
     * Verifies credentials for a request.
     *
     * @param method      the request method, e.g. REGISTER (for ACK/CANCEL use the method of the request they follow)
     * @param requestUri  the request's Request-URI; the response's {@code uri} must name it ({@link DigestUri})
     * @param credentials stored secrets of the account named by {@code r.username()}, or null when there is no such
     *                    account
     */
    public Result verify(DigestResponse r, String method, String requestUri, DigestCredentials credentials) {
        if (r == null || method == null) return Result.MALFORMED;
        String missing = firstMissing(r);
        if (missing != null) return fail(Result.MALFORMED, r, "missing parameter " + missing);
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(r.algorithm());
        if (algorithm.isEmpty()) return fail(Result.WRONG, r, "unsupported algorithm " + r.algorithm());
        if (!offered.contains(algorithm.get())) return fail(Result.WRONG, r, "algorithm " + r.algorithm() + " not offered");
        if (r.qop() == null) return fail(Result.WRONG, r, "no qop (RFC 2069 form refused: it has no replay protection)");
        String qop = r.qop().trim().toLowerCase(Locale.ROOT);
        if (!qop.equals("auth")) return fail(Result.WRONG, r, "unsupported qop " + r.qop());
        if (r.cnonce() == null || r.cnonce().isEmpty()) return fail(Result.MALFORMED, r, "qop=auth without cnonce");
        if (r.nc() == null || !NONCE_COUNT.matcher(r.nc()).matches()) {
            return fail(Result.MALFORMED, r, "qop=auth needs nc of 8 hex digits, got " + r.nc());
        }
        long nc = Long.parseLong(r.nc(), 16);
        if (!DigestUri.sameResource(r.uri(), requestUri)) {
            return fail(Result.WRONG, r, "uri " + r.uri() + " is not the Request-URI " + requestUri);
        }

        // From here on, do the same work whether or not the user exists.
        NonceCodec.Check nonce = nonces.check(r.nonce());
        String storedHa1 = credentials != null && realm.equals(credentials.realm())
                ? algorithm.get().storedHa1(credentials) : null;
        boolean accountUsable = storedHa1 != null && !storedHa1.isEmpty();
        String ha1 = accountUsable ? storedHa1 : algorithm.get().storedHa1(dummyCredentials);
        String expected = DigestResponseCalculator.response(algorithm.get(), ha1.toLowerCase(Locale.ROOT), r.nonce(),
                r.nc(), r.cnonce(), qop, method, r.uri());
        boolean digestMatches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                r.response().trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        boolean realmMatches = realm.equals(r.realm());
        boolean opaqueMatches = r.opaque() == null || opaque.equals(r.opaque());

        if (nonce.status() == NonceCodec.Status.INVALID) return fail(Result.WRONG, r, "nonce not issued by us");
        if (!realmMatches) return fail(Result.WRONG, r, "foreign realm " + r.realm());
        if (!opaqueMatches) return fail(Result.WRONG, r, "opaque does not match");
        if (!accountUsable || !digestMatches) return fail(Result.WRONG, r, "unknown user or wrong password");
        // Only a correct digest earns stale=true (RFC 7616 §3.3), and only a correct one may advance the count.
        if (nonce.status() == NonceCodec.Status.EXPIRED) return fail(Result.STALE, r, "nonce expired");
        switch (nonceCounts.advance(r.nonce(), nonce.issuedAtMillis(), nc, clock.millis())) {
            case REPLAYED -> { return fail(Result.REPLAY, r, "nonce count " + r.nc() + " already used"); }
            case FORGOTTEN -> { return fail(Result.STALE, r, "nonce evicted from replay table"); }
            case ACCEPTED -> { }
        }
        return Result.OK;
    }

    private static String firstMissing(DigestResponse r) {
        if (isBlank(r.username())) return "username";
        if (r.realm() == null) return "realm";
        if (isBlank(r.nonce())) return "nonce";
        if (isBlank(r.uri())) return "uri";
        if (isBlank(r.response())) return "response";
        return null;
    }

    private static boolean isBlank(String s) { return s == null || s.isBlank(); }

    private static Result fail(Result result, DigestResponse r, String reason) {
        // Usernames are not secret; responses, nonces and HA1 values are never logged.
        if (log.isDebugEnabled()) {
            log.debug("digest auth {} for user '{}' in realm '{}': {}", result, printable(r.username()),
                    printable(r.realm()), printable(reason));
        }
        return result;
    }

    /** Client-supplied text with control characters replaced, so it cannot forge log lines. */
    private static String printable(String s) {
        return s == null ? null : s.replaceAll("\\p{Cntrl}", "?");
    }

    /** A quoted-string with '"' and '\' escaped. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
