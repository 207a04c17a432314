package org.dialtone.core.channel;

/** Direction of a call as the events report it: internal = extension to extension of one customer. */
public enum Direction {
    INBOUND, OUTBOUND, INTERNAL;
    public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
}
