package org.dialtone.sip.auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.dialtone.core.trunk.TrunkCredentials;

/**
 * The client side of digest authentication (RFC 3261 §22, RFC 7616): answers a carrier's {@code WWW-Authenticate} or
 * {@code Proxy-Authenticate} challenge for an outbound INVITE or REGISTER. Supports MD5 and SHA-256, with
 * {@code qop=auth} when the challenge offers it (RFC 2069 form otherwise). Holds nothing: the caller keeps the nonce
 * count per nonce if it reuses one.
 */
public final class ClientDigest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientDigest() {}

    /** A parsed challenge. */
    public record Challenge(String realm, String nonce, DigestAlgorithm algorithm, boolean qopAuth, String opaque) {}

    /**
     * Parses the value of a {@code WWW-Authenticate} / {@code Proxy-Authenticate} header.
     *
     * @throws DigestParseException when it is not a Digest challenge we can answer (no nonce, unknown algorithm,
     *                              only {@code auth-int})
     */
    public static Challenge parseChallenge(String headerValue) throws DigestParseException {
        Map<String, String> p = DigestHeaderParser.parse(headerValue);
        String nonce = p.get("nonce");
        if (nonce == null) throw new DigestParseException("challenge without nonce");
        DigestAlgorithm algorithm = DigestAlgorithm.fromToken(p.get("algorithm"))
                .orElseThrow(() -> new DigestParseException("unsupported algorithm " + p.get("algorithm")));
        String qop = p.get("qop");
        boolean auth = false;
        if (qop != null) {
            for (String q : qop.split(",")) if (q.strip().toLowerCase(Locale.ROOT).equals("auth")) auth = true;
            if (!auth) throw new DigestParseException("challenge offers only qop " + qop);
        }
        return new Challenge(p.getOrDefault("realm", ""), nonce, algorithm, auth, p.get("opaque"));
    }

    /**
     * Whether a challenge says {@code stale=true}: our last answer had the right password but an expired nonce, so
     * answering the new nonce is expected (RFC 7616 §3.3). False when it cannot be parsed.
     */
    public static boolean isStale(String headerValue) {
        try {
            return "true".equalsIgnoreCase(DigestHeaderParser.parse(headerValue).getOrDefault("stale", "").strip());
        } catch (DigestParseException e) {
            return false;
        }
    }

    /**
     * The value of the {@code Authorization} / {@code Proxy-Authorization} header answering {@code challenge}.
     *
     * @param uri the Request-URI of the request being authorised, as sent
     * @param nc  the nonce count (1 for the first use of this nonce)
     */
    public static String answer(Challenge challenge, TrunkCredentials credentials, String method, String uri, int nc) {
        DigestAlgorithm a = challenge.algorithm();
        String ha1 = a.hex(credentials.username() + ":" + challenge.realm() + ":" + credentials.password());
        String ncHex = String.format(Locale.ROOT, "%08x", nc);
        String cnonce = challenge.qopAuth() ? cnonce() : null;
        String response = DigestResponseCalculator.response(a, ha1, challenge.nonce(), ncHex, cnonce,
                challenge.qopAuth() ? "auth" : null, method, uri);
        StringBuilder sb = new StringBuilder("Digest username=\"").append(quote(credentials.username()))
                .append("\", realm=\"").append(quote(challenge.realm()))
                .append("\", nonce=\"").append(quote(challenge.nonce()))
                .append("\", uri=\"").append(quote(uri))
                .append("\", response=\"").append(response)
                .append("\", algorithm=").append(a.token());
        if (challenge.qopAuth()) sb.append(", qop=auth, nc=").append(ncHex).append(", cnonce=\"").append(cnonce).append('"');
        if (challenge.opaque() != null) sb.append(", opaque=\"").append(quote(challenge.opaque())).append('"');
        return sb.toString();
    }

    private static String cnonce() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String quote(String s) { return s.replace("\\", "\\\\").replace("\"", "\\\""); }
}
