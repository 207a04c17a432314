package org.dialtone.core.call;

import java.time.Instant;
import org.dialtone.core.event.PartyInfo;

/**
 * One live channel as a client that (re)connects needs it: the attributes of a channel event about it, built by the
 * same code ({@link Channel#party()}), plus what it is related to now. Taken on its call's mailbox, so the channels
 * of one call are consistent with each other. The two channels of a two-party call carry the same {@code caller} and
 * {@code callee}; {@code channel} is this channel's own party.
 *
 * @param onHold      whether this channel hears hold music: it waits in a parking spot, or its bridged peer's
 *                    phone put the call on hold
 * @param parkedAt    the spot it waits in, or null
 * @param bridgedWith the channel id it talks to now, or null
 * @param beingRung   whether it is a called party that is still being rung (not yet answered)
 */
public record LiveChannel(String uniqueId, String linkedId, String direction, String customerCode,
                          PartyInfo caller, PartyInfo callee, PartyInfo channel, Instant createdAt,
                          boolean onHold, String parkedAt, String bridgedWith, boolean beingRung) {
    public String channelId() { return channel.channelId(); }

    /** Whether {@code number} is this channel's party, or its caller or callee. */
    public boolean involves(String number) {
        return number.equals(channel.number()) || number.equals(caller.number()) || number.equals(callee.number());
    }
}
