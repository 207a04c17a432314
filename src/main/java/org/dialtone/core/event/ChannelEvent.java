package org.dialtone.core.event;

/**
 * One channel event. {@code channel} is the party the event is about (the same object as {@code caller} or
 * {@code callee} when that party is the subject).
 */
public record ChannelEvent(EventType type, String uniqueId, String linkedId, double eventTime, String direction,
                           String customerCode, PartyInfo caller, PartyInfo callee, PartyInfo channel) {}
