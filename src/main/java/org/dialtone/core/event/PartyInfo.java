package org.dialtone.core.event;

/**
 * Snapshot of one party (channel) of a call at the moment of an event, with exactly the attributes of the vendor's
 * events reference. Times are epoch seconds with fractions; absent values are null.
 */
public record PartyInfo(String state, String number, String name, String device, String channelId,
                        Double answeredTime, String dialStatus, String connectedName, String connectedNumber,
                        String connectedDevice) {}
