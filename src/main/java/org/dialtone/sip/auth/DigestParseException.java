package org.dialtone.sip.auth;

/** An Authorization / Proxy-Authorization header value that is not a parseable Digest credentials list. */
public class DigestParseException extends Exception {
    public DigestParseException(String message) { super(message); }
}
