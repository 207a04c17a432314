package org.dialtone.sip.auth;

/**
 * The parameters of a Digest Authorization / Proxy-Authorization header, as sent by the client.
 * Any field may be null when the client omitted it; {@link DigestAuthenticator#verify} reports missing
 * mandatory fields as {@link DigestAuthenticator.Result#MALFORMED}.
 *
 * @param algorithm raw algorithm token (null = MD5)
 * @param qop       raw qop token (null = RFC 2069 form without cnonce/nc)
 * @param nc        nonce count, 8 hex digits when qop is present
 */
public record DigestResponse(String username, String realm, String nonce, String uri, String response,
                             String algorithm, String qop, String cnonce, String nc, String opaque) {

    /** The response hash is not secret, but it is redacted anyway: it would help offline password guessing. */
    @Override public String toString() {
        return "DigestResponse[username=" + username + ", realm=" + realm + ", uri=" + uri + ", algorithm=" + algorithm
                + ", qop=" + qop + ", nc=" + nc + ", response=<redacted>]";
    }
}
