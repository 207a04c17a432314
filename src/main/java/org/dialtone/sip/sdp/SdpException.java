package org.dialtone.sip.sdp;

/** SDP that cannot be parsed, or an offer/answer that cannot be negotiated (the caller answers 488 or 400). */
public class SdpException extends Exception {
    public SdpException(String message) { super(message); }
}
