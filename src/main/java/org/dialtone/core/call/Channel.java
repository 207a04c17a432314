package org.dialtone.core.call;

import java.time.Instant;
import org.dialtone.core.channel.ChannelState;
import org.dialtone.core.channel.DialStatus;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.channel.Ids;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.core.signalling.SignallingLeg;

/**
 * One call leg between the switch and one endpoint. Confined to its call's mailbox: only the owning call reads or
 * changes it, so it needs no locks.
 * <p>
 * It lives with {@link Call}, not in {@code core.channel}: it holds a {@link SignallingLeg}, and the signalling port
 * speaks the channel vocabulary ({@link HangupCause}), so keeping it there would make the two packages use each other.
 */
public final class Channel {
    private final String channelId = Ids.channelId();
    private final String uniqueId;
    private final String linkedId;
    private final String customerCode;
    private final String number;
    private final String name;
    private final Instant createdAt = Instant.now();
    private SignallingLeg leg;
    private ChannelState state = ChannelState.DOWN;
    private Instant answeredAt;
    private DialStatus dialStatus;
    private HangupCause hangupCause;
    private Channel connected;

    /**
     * @param uniqueId the channel's unique id, or null to allocate one (a call's first channel takes the call's
     *                 linked id as its unique id)
     * @param leg      the signalling leg, or null until {@link #attach} (ids exist before anything rings)
     */
    public Channel(String uniqueId, String linkedId, String customerCode, String number, String name, SignallingLeg leg) {
        this.uniqueId = uniqueId == null ? Ids.uniqueId() : uniqueId;
        this.linkedId = linkedId;
        this.customerCode = customerCode;
        this.number = number;
        this.name = name;
        this.leg = leg;
    }

    public void attach(SignallingLeg leg) {
        if (this.leg != null) throw new IllegalStateException(this + " already has a leg");
        this.leg = leg;
    }

    public String channelId() { return channelId; }
    public String uniqueId() { return uniqueId; }
    public String linkedId() { return linkedId; }
    public String customerCode() { return customerCode; }
    public String number() { return number; }
    public String name() { return name; }
    public SignallingLeg leg() { return leg; }
    /** When this channel began (its ids were handed out). */
    public Instant createdAt() { return createdAt; }
    public String device() { return leg == null ? null : leg.device(); }
    public ChannelState state() { return state; }
    public Instant answeredAt() { return answeredAt; }
    public DialStatus dialStatus() { return dialStatus; }
    public HangupCause hangupCause() { return hangupCause; }
    public Channel connected() { return connected; }
    public boolean isUp() { return state == ChannelState.UP; }
    public boolean isGone() { return state == ChannelState.HUNGUP; }

    /** Moves to {@code next} if legal; returns whether the state changed. */
    public boolean moveTo(ChannelState next) {
        if (!state.canMoveTo(next)) return false;
        state = next;
        if (next == ChannelState.UP) answeredAt = Instant.now();
        return true;
    }

    public void dialStatus(DialStatus status) { this.dialStatus = status; }

    /** Marks the channel hung up with {@code cause}; returns false if it already was. */
    public boolean hangup(HangupCause cause) {
        if (!moveTo(ChannelState.HUNGUP)) return false;
        hangupCause = cause;
        return true;
    }

    public void connect(Channel other) { this.connected = other; }

    /** The party object events carry for this channel. */
    public PartyInfo party() {
        Channel c = connected;
        return new PartyInfo(state.wire(), number, name, device(), channelId,
                answeredAt == null ? null : answeredAt.toEpochMilli() / 1000.0,
                dialStatus == null ? null : dialStatus.wire(),
                c == null ? null : c.name, c == null ? null : c.number, c == null ? null : c.device());
    }

    @Override public String toString() { return "Channel[" + channelId + " " + number + " " + state.wire() + "]"; }
}
