package org.dialtone.media;

/** No RTP/RTCP port pair of the configured range is free (or bindable). */
public class PortsExhaustedException extends Exception {
    public PortsExhaustedException(String message) {
        super(message);
    }
}
