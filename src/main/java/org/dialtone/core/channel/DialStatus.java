package org.dialtone.core.channel;

/** Outcome of ringing one endpoint, as the events report it. */
public enum DialStatus {
    ANSWER("answer"), NO_ANSWER("no answer"), BUSY("busy"), CANCEL("cancel"), CONGESTION("congestion"),
    UNAVAILABLE("unavailable"), FAILED("failed");

    private final String wire;
    DialStatus(String wire) { this.wire = wire; }
    public String wire() { return wire; }
}
