package org.dialtone.sip.auth;

/**
 * The request-digest of RFC 7616 §3.4.1 (qop=auth) and RFC 2069 / RFC 2617 §3.2.2.1 (no qop), starting from a stored
 * HA1. Usable on both sides: the server recomputes it, a client (e.g. an outbound trunk registration) sends it.
 */
public final class DigestResponseCalculator {

    private DigestResponseCalculator() {}

    /**
     * @param ha1    lower-case hex H(username:realm:password)
     * @param qop    "auth", or null for the RFC 2069 form H(HA1:nonce:HA2), in which case nc and cnonce are ignored
     * @return lower-case hex response
     */
    public static String response(DigestAlgorithm algorithm, String ha1, String nonce, String nc, String cnonce,
                                  String qop, String method, String uri) {
        String ha2 = algorithm.hex(method + ":" + uri);
        if (qop == null) return algorithm.hex(ha1 + ":" + nonce + ":" + ha2);
        return algorithm.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
