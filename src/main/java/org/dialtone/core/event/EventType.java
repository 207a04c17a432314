package org.dialtone.core.event;

/** Channel event names as they appear on the wire ({@code chan.<wire>}). */
public enum EventType {
    DIAL_BEGIN("dial_begin"), DIAL_END("dial_end"), HANGUP("hangup"), BRIDGE("bridge"),
    PARK("park"), UNPARK("unpark"), PARK_TIMEOUT("park_timeout"), BLIND_TRANSFER("blind_transfer");

    private final String wire;
    EventType(String wire) { this.wire = wire; }
    public String wire() { return wire; }
}
