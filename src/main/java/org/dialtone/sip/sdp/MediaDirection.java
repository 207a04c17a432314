package org.dialtone.sip.sdp;

import java.util.Locale;
import java.util.Optional;

/** The direction attribute of a media stream (RFC 4566 §6, RFC 3264 §6.1), from the sender of the SDP's view. */
public enum MediaDirection {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** Attribute name as written in SDP, e.g. {@code sendrecv}. */
    public String attribute() { return name().toLowerCase(Locale.ROOT); }

    /** The direction to answer with (RFC 3264 §6.1): sendonly ↔ recvonly, the others unchanged. */
    public MediaDirection mirror() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            case SENDRECV, INACTIVE -> this;
        };
    }

    /** Direction named by an attribute, e.g. {@code sendonly}; empty for any other attribute. */
    public static Optional<MediaDirection> fromAttribute(String name) {
        for (MediaDirection d : values()) if (d.attribute().equalsIgnoreCase(name)) return Optional.of(d);
        return Optional.empty();
    }
}
