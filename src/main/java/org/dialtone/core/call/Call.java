package org.dialtone.core.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dialtone.core.channel.ChannelState;
import org.dialtone.core.channel.DialStatus;
import org.dialtone.core.channel.Direction;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.channel.Ids;
import org.dialtone.core.dialplan.Destination;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.core.media.Prompt;
import org.dialtone.core.parking.ParkResolution;
import org.dialtone.core.parking.Parking;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.RingResult;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.dialtone.core.signalling.SignallingPort.OutsideCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels that share one {@code linked_id}, and every change to them; nothing else writes this state. All
 * changes run on this call's {@link Mailbox}: the {@link LegListener} methods and the entry points only enqueue. The
 * primitives here are ringing a destination for a channel ({@link #dial}), bridging two answered channels, parking
 * one, and ending one ({@link #hangup}; {@link #end} is the one path every ending takes); {@link CallScripts} composes
 * them into the flows users know (a phone call, originate, transfer, park, unpark).
 */
final class Call implements LegListener {
    private static final Logger log = LoggerFactory.getLogger(Call.class);

    /** Who ended a channel, which decides what its leg is told and which of its dial's callbacks runs. */
    private enum Ending { WE_HANG_UP, REMOTE_ENDED, RING_TIMEOUT }

    private final CallService service;
    private final Mailbox mailbox;
    private final String linkedId = Ids.uniqueId();
    private final String customerCode;
    private final Instant startedAt = Instant.now();
    private final CallEvents events;
    private final Map<SignallingLeg, Channel> byLeg = new IdentityHashMap<>();
    private final List<Channel> channels = new ArrayList<>();
    private final Map<Channel, Channel> peers = new HashMap<>();
    private final Map<Channel, Dial> dials = new HashMap<>();
    /** Who each dialled channel was rung for: its events show it as the callee and that channel as the caller. */
    private final Map<Channel, Channel> dialledFor = new HashMap<>();
    private Direction direction;
    /** The first party of the telephone network in this call (the inbound caller, or the first number dialled out). */
    private Channel outsideParty;
    private Parking<ParkedChannel> parking;
    private String fromNumber;
    private String toNumber;
    private Instant answeredAt;
    private HangupCause lastCause = HangupCause.NORMAL;
    private boolean ended;
    /** Whether the record of this call was stored as in progress (at its first ring). */
    private boolean startRecorded;
    /** The dial_end of an answer, held back until the answer's consequences (caller answered, bridge) are known. */
    private Runnable pendingDialEnd;

    Call(CallService service, String customerCode, Direction direction) {
        this.service = service;
        this.customerCode = customerCode;
        this.direction = direction;
        this.mailbox = new Mailbox(service.executor(), linkedId);
        this.events = new CallEvents(this);
    }

    String linkedId() { return linkedId; }
    String customerCode() { return customerCode; }
    Direction direction() { return direction; }
    CallService service() { return service; }
    CallEvents events() { return events; }

    /** Runs {@code task} on this call's mailbox (any thread). */
    void execute(Runnable task) { mailbox.execute(task); }

    // ---- adapter callbacks: enqueue only ------------------------------------------------------------------------

    @Override public void ringing(SignallingLeg leg) { mailbox.execute(() -> onRinging(leg)); }
    @Override public void earlyMedia(SignallingLeg leg) { mailbox.execute(() -> onEarlyMedia(leg)); }
    @Override public void answered(SignallingLeg leg) { mailbox.execute(() -> onAnswered(leg)); }
    @Override public void ended(SignallingLeg leg, HangupCause cause) { mailbox.execute(() -> onEnded(leg, cause)); }

    // ---- primitives (mailbox only) ------------------------------------------------------------------------------

    /** A new channel of this call; the call's first channel takes the call's linked id as its unique id. */
    Channel newChannel(String number, String name, SignallingLeg leg) {
        Channel c = new Channel(channels.isEmpty() ? linkedId : null, linkedId, customerCode, number, name, leg);
        synchronized (channels) { channels.add(c); }
        if (leg != null) byLeg.put(leg, c);
        service.indexChannel(c, this);
        if (fromNumber == null) fromNumber = number;
        return c;
    }

    /** The number this call was placed to, as its call record shows it (first one wins). */
    void dialled(String number) {
        if (toNumber == null) toNumber = number;
    }

    /** {@code c} is a party of the telephone network (its leg a trunk's); the first one is the call record's. */
    void outsideParty(Channel c) {
        if (outsideParty == null) outsideParty = c;
    }

    /** An inbound leg is answered by the switch itself (retrieval by phone, a DID to a parking spot). */
    void answer(Channel c) {
        c.leg().answer();
        c.moveTo(ChannelState.UP);
        c.dialStatus(DialStatus.ANSWER);
    }

    /**
     * Rings {@code target} (an extension, ring group or outside number) for {@code origin} presenting
     * {@code callerId}. Nothing is created when nothing rings.
     */
    Ring dial(Channel origin, Destination target, CallerId callerId, Consumer<Channel> onAnswer,
              Consumer<HangupCause> onFail) {
        Channel callee = switch (target) {
            case Destination.ToExtension(var ext) -> newChannel(ext.number(), ext.displayName(), null);
            case Destination.ToRingGroup(var group, var members) -> newChannel(group.number(), group.name(), null);
            case Destination.ToOutside(var e164, var trunks) -> newChannel(e164, null, null);
            default -> throw new IllegalArgumentException("cannot ring " + target);
        };
        RingResult.Failure failure = dialInto(callee, origin, target, callerId, onAnswer, onFail);
        if (failure == null) return new Ring(callee, null);
        forget(callee);
        return new Ring(null, failure);
    }

    /** Rings {@code target} on an already allocated channel (its ids were handed out first); null when it rings. */
    RingResult.Failure dialInto(Channel callee, Channel origin, Destination target, CallerId callerId,
                                Consumer<Channel> onAnswer, Consumer<HangupCause> onFail) {
        Duration timeout = service.ringTimeout();
        RingResult result = switch (target) {
            case Destination.ToExtension(var ext) -> service.signalling().ring(List.of(ext), callerId, this);
            case Destination.ToRingGroup(var group, var members) -> {
                if (group.ringTimeout() != null) timeout = group.ringTimeout();
                yield members.isEmpty() ? RingResult.failed(RingResult.Failure.NO_DEVICE)
                        : service.signalling().ring(members, callerId, this);
            }
            case Destination.ToOutside(var e164, var trunks) -> service.signalling().dialOut(new OutsideCall(
                    customerCode, e164, trunks, callerId, service.dialPlan().routing(customerCode).countryCode()), this);
            default -> throw new IllegalArgumentException("cannot ring " + target);
        };
        if (!(result instanceof RingResult.Ringing(SignallingLeg leg))) return ((RingResult.Failed) result).failure();
        callee.attach(leg);
        byLeg.put(leg, callee);
        dialled(callee.number());
        if (target instanceof Destination.ToOutside) {
            if (direction == Direction.INTERNAL) direction = Direction.OUTBOUND;
            outsideParty(callee);
        }
        Dial dial = new Dial(origin, callee, onAnswer, onFail);
        dials.put(callee, dial);
        if (origin != null) dialledFor.put(callee, origin);
        dial.timer = service.timers().schedule(() -> mailbox.execute(() -> ringTimeout(dial)),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        events.publish(EventType.DIAL_BEGIN, callee, origin, callee);
        if (!startRecorded) {
            startRecorded = true;
            service.recordProgress(record(null));
        }
        return null;
    }

    void forget(Channel c) {
        synchronized (channels) { channels.remove(c); }
        service.unindexChannel(c);
    }

    /** Connects two answered channels' audio. */
    void bridge(Channel a, Channel b) {
        peers.put(a, b);
        peers.put(b, a);
        a.connect(b);
        b.connect(a);
        flushDialEnd();
        a.leg().media().bridgeWith(b.leg().media());
        if (answeredAt == null) {
            answeredAt = Instant.now();
            service.recordProgress(record(null));
        }
        events.publish(EventType.BRIDGE, a, a, b);
    }

    Channel peerOf(Channel c) { return peers.get(c); }

    /** Whom {@code c} was rung for (null: nobody, it placed its call itself); whether it is being rung now. */
    Channel rungFor(Channel c) { return dialledFor.get(c); }
    boolean beingRung(Channel c) { return dials.containsKey(c); }

    /** The channel {@code origin} is ringing now, or null. */
    Channel ringingFor(Channel origin) {
        return dials.values().stream().filter(d -> d.origin == origin).map(d -> d.callee).findFirst().orElse(null);
    }

    Channel byId(String channelId) {
        synchronized (channels) {
            for (Channel c : channels) if (c.channelId().equals(channelId)) return c;
        }
        return null;
    }

    /** What to do if the dial ringing {@code callee} is given up by the switch (caller left, shutdown...). */
    void onCancelled(Channel callee, Runnable action) {
        Dial d = dials.get(callee);
        if (d != null) d.onCancelled = action;
    }

    /** Stops every dial {@code origin} waits on, except the one ringing {@code keep} (may be null). */
    void cancelDialsFor(Channel origin, Channel keep, HangupCause cause) {
        for (Dial d : dialsFor(origin)) if (d.callee != keep) hangup(d.callee, cause);
    }

    private List<Dial> dialsFor(Channel origin) {
        List<Dial> out = new ArrayList<>();
        for (Dial d : dials.values()) if (d.origin == origin) out.add(d);
        return out;
    }

    /** Releases what {@code x} was connected to: its bridged peer is hung up, and it leaves its spot. */
    void release(Channel x) {
        Channel peer = unbridge(x);
        if (parking != null && parking.occupant().channel() == x) leaveSpot(ParkResolution.MOVED);
        if (peer != null) hangup(peer, HangupCause.NORMAL);
    }

    private Channel unbridge(Channel c) {
        Channel peer = peers.remove(c);
        if (peer != null) peers.remove(peer);
        return peer;
    }

    /** We end {@code c}: cancel, reject or hang up its leg, and clean up what depended on it. */
    void hangup(Channel c, HangupCause cause) { end(c, cause, Ending.WE_HANG_UP); }

    /** The one path that ends a channel, whoever ends it. */
    private void end(Channel c, HangupCause cause, Ending how) {
        if (c.isGone()) return;
        Dial dial = dials.remove(c);
        if (dial != null) {
            dial.timer.cancel(false);
            c.dialStatus(how == Ending.WE_HANG_UP && cause == HangupCause.NORMAL ? DialStatus.CANCEL : cause.dialStatus());
        } else if (!c.isUp() && c.dialStatus() == null) {
            c.dialStatus(cause.dialStatus());
        }
        c.hangup(cause);
        if (how != Ending.REMOTE_ENDED && c.leg() != null) c.leg().hangup(cause);
        lastCause = cause;
        if (dial != null) events.publish(EventType.DIAL_END, c, dial.origin, c);
        cancelDialsFor(c, null, HangupCause.CANCELLED); // nobody is waiting for them any more
        Channel peer = unbridge(c);
        Channel other = peer != null ? peer : c.connected() != null ? c.connected() : dialledFor.get(c);
        if (dialledFor.containsKey(c)) events.publish(EventType.HANGUP, c, other, c);
        else if (other != null) events.publish(EventType.HANGUP, c, c, other);
        else events.publish(EventType.HANGUP, c, c, unreached(c));
        if (c.leg() != null) c.leg().media().release();
        if (parking != null && parking.occupant().channel() == c) {
            leaveSpot(how == Ending.REMOTE_ENDED ? ParkResolution.CALLER_HUNG_UP : ParkResolution.ENDED);
        }
        if (peer != null) hangup(peer, HangupCause.NORMAL);
        if (dial != null) {
            if (how == Ending.WE_HANG_UP) dial.onCancelled.run();
            else dial.onFail.accept(cause);
        }
        endIfIdle();
    }

    /** The called party as events show it when no channel of it was ever rung (unknown or unregistered number). */
    private PartyInfo unreached(Channel caller) {
        String name = toNumber == null ? null : service.directory().extension(customerCode, toNumber)
                .map(org.dialtone.core.customer.Extension::displayName).orElse(null);
        return new PartyInfo(ChannelState.DOWN.wire(), toNumber, name, null, null, null,
                caller.dialStatus() == null ? null : caller.dialStatus().wire(), null, null, null);
    }

    // ---- parking (mailbox only) ---------------------------------------------------------------------------------

    /** This call's park episode, or null when no channel of it is parked. */
    Parking<ParkedChannel> parking() { return parking; }

    /**
     * Puts answered channel {@code x} into {@code spot}: claims the spot (false if it is taken), then leaves the spot
     * it was in, releases its peer and plays it music on hold.
     */
    boolean park(Channel x, String spot, String parkerNumber) {
        var claimed = service.parking().claim(customerCode, spot, new ParkedChannel(this, x), parkerNumber,
                p -> mailbox.execute(() -> CallScripts.parkTimedOut(this, p)));
        if (claimed.isEmpty()) return false;
        if (parking != null) leaveSpot(ParkResolution.MOVED); // it was parked elsewhere
        cancelDialsFor(x, null, HangupCause.CANCELLED);
        release(x);
        parking = claimed.get();
        play(x, Prompt.MUSIC_ON_HOLD);
        return true;
    }

    /** The parked channel leaves its spot, as {@code how}. */
    void leaveSpot(ParkResolution how) {
        Parking<ParkedChannel> p = parking;
        if (p == null) return;
        parking = null;
        service.parking().end(p, how);
    }

    // ---- the end of the call --------------------------------------------------------------------------------------

    private void endIfIdle() {
        if (ended) return;
        synchronized (channels) {
            for (Channel c : channels) if (!c.isGone()) return;
        }
        ended = true;
        service.finished(this, record(Instant.now()));
        log.info("call {}: ended ({})", linkedId, lastCause.wire());
    }

    /** This call's record as it stands: in progress while {@code end} is null. */
    private CallRecord record(Instant end) {
        String disposition = end == null ? CallRecord.IN_PROGRESS
                : answeredAt != null ? "answered" : lastCause.dialStatus().wire();
        return new CallRecord(linkedId, customerCode, fromNumber, toNumber == null ? "" : toNumber, startedAt,
                answeredAt, end, disposition, direction.wire(), outsideParty == null ? null : outsideParty.number(),
                outsideParty == null ? null : outsideParty.device());
    }

    // ---- what the adapters report (mailbox only) ----------------------------------------------------------------

    private void onRinging(SignallingLeg leg) {
        Channel c = byLeg.get(leg);
        if (c != null && dials.containsKey(c)) c.moveTo(ChannelState.RINGING);
    }

    /** The far end sends audio before answering: whoever the dial rings for hears it instead of our ringback. */
    private void onEarlyMedia(SignallingLeg leg) {
        Channel c = byLeg.get(leg);
        Dial dial = c == null ? null : dials.get(c);
        if (dial == null || dial.earlyMedia || dial.origin == null || dial.origin.isGone()) return;
        if (parking != null && parking.occupant().channel() == dial.origin) return; // a parked call keeps its music
        dial.earlyMedia = true;
        dial.origin.leg().media().bridgeWith(leg.media());
        log.info("call {}: early media from {} to {}", linkedId, c.number(), dial.origin.number());
    }

    private void onAnswered(SignallingLeg leg) {
        Channel c = byLeg.get(leg);
        Dial dial = c == null ? null : dials.remove(c);
        if (dial == null) { // answered after we gave up on it
            leg.hangup(HangupCause.NORMAL);
            return;
        }
        dial.timer.cancel(false);
        c.moveTo(ChannelState.UP);
        c.dialStatus(DialStatus.ANSWER);
        log.info("call {}: {} answered on {}", linkedId, c.number(), c.device());
        pendingDialEnd = () -> events.publish(EventType.DIAL_END, c, dial.origin, c);
        dial.onAnswer.accept(c);
        flushDialEnd();
    }

    private void flushDialEnd() {
        Runnable r = pendingDialEnd;
        pendingDialEnd = null;
        if (r != null) r.run();
    }

    private void onEnded(SignallingLeg leg, HangupCause cause) {
        Channel c = byLeg.get(leg);
        if (c == null || c.isGone()) return;
        if (cause == HangupCause.NORMAL && dials.containsKey(c)) {
            // a hang-up (BYE) exists only after an answer: the device answered and hung up before the answer reached
            // us (the SIP stack handles one dialog's messages on several threads), so take the answer first
            onAnswered(leg);
        }
        end(c, cause, Ending.REMOTE_ENDED);
    }

    private void ringTimeout(Dial dial) {
        if (dials.get(dial.callee) != dial) return;
        log.info("call {}: no answer from {}", linkedId, dial.callee.number());
        end(dial.callee, HangupCause.NO_ANSWER, Ending.RING_TIMEOUT);
    }

    // ---- housekeeping (enqueue) ---------------------------------------------------------------------------------

    /** Hangs every channel up (shutdown). */
    void hangupAll(HangupCause cause) {
        mailbox.execute(() -> {
            for (Channel c : channelsSnapshot()) hangup(c, cause);
        });
    }

    /**
     * Hangs up answered channels whose RTP stopped (not on hold), or that have been on hold longer than
     * {@code maxHoldNanos} (0: no limit); called periodically from any thread.
     */
    void checkMedia(long nowNanos, long timeoutNanos, long maxHoldNanos) {
        mailbox.execute(() -> {
            for (Channel c : channelsSnapshot()) {
                if (!c.isUp() || c.isGone()) continue;
                var media = c.leg().media();
                boolean held = media.held();
                long quiet = nowNanos - (held ? media.heldSinceNanos() : media.lastReceivedNanos());
                if (held ? maxHoldNanos > 0 && quiet > maxHoldNanos : quiet > timeoutNanos) {
                    log.info("call {}: {} {} for {} s, hanging up", linkedId, c.number(), held ? "on hold" : "sent no RTP",
                            TimeUnit.NANOSECONDS.toSeconds(held ? maxHoldNanos : timeoutNanos));
                    hangup(c, HangupCause.MEDIA_TIMEOUT);
                }
            }
        });
    }

    /** Channels of this call that have not hung up (any thread; a best-effort count). */
    int liveChannels() {
        synchronized (channels) {
            return (int) channels.stream().filter(c -> !c.isGone()).count();
        }
    }

    List<Channel> channelsSnapshot() {
        synchronized (channels) { return List.copyOf(channels); }
    }

    /** Plays {@code prompt} to an answered channel, in its customer's version (e.g. that customer's music on hold). */
    static void play(Channel c, Prompt prompt) { c.leg().media().play(prompt, c.customerCode()); }
}
