package org.dialtone.core.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dialtone.core.channel.Channel;
import org.dialtone.core.channel.ChannelState;
import org.dialtone.core.channel.DialStatus;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.channel.Ids;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.event.EventType;
import org.dialtone.core.media.Prompt;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels that share one {@code linked_id}, and every change to them. All state changes run on this call's
 * {@link Mailbox}: the {@link LegListener} methods and the entry points only enqueue. The primitives here are
 * ringing an extension for a channel ({@link #dial}), bridging two answered channels, parking one, and hanging one
 * up; {@link CallScripts} composes them into the flows users know (a phone call, originate, transfer, park, unpark).
 */
final class Call implements LegListener {
    private static final Logger log = LoggerFactory.getLogger(Call.class);

    /** Ringing an extension for {@code origin} (null for the first leg of an originate). */
    static final class Dial {
        final Channel origin;
        final Channel callee;
        final Consumer<Channel> onAnswer;
        final Consumer<HangupCause> onFail;
        /** Runs when we give up on the dial ourselves (not a failure of the callee): waiters must still hear. */
        Runnable onCancelled = () -> { };
        java.util.concurrent.ScheduledFuture<?> timer;

        Dial(Channel origin, Channel callee, Consumer<Channel> onAnswer, Consumer<HangupCause> onFail) {
            this.origin = origin;
            this.callee = callee;
            this.onAnswer = onAnswer;
            this.onFail = onFail;
        }
    }

    final CallService service;
    final Mailbox mailbox;
    final String linkedId = Ids.uniqueId();
    final String customerCode;
    private final Instant startedAt = Instant.now();
    private final CallEvents events;
    private final Map<SignallingLeg, Channel> byLeg = new IdentityHashMap<>();
    private final List<Channel> channels = new ArrayList<>();
    private final Map<Channel, Channel> peers = new HashMap<>();
    private final Map<Channel, Dial> dials = new HashMap<>();
    /** Who each dialled channel was rung for: its events show it as the callee and that channel as the caller. */
    private final Map<Channel, Channel> dialledFor = new HashMap<>();
    ParkedChannel parked;
    java.util.concurrent.ScheduledFuture<?> parkTimer;
    private String fromNumber;
    private String toNumber;
    private Instant answeredAt;
    private HangupCause lastCause = HangupCause.NORMAL;
    private boolean ended;
    /** The dial_end of an answer, held back until the answer's consequences (caller answered, bridge) are known. */
    private Runnable pendingDialEnd;

    Call(CallService service, String customerCode) {
        this.service = service;
        this.customerCode = customerCode;
        this.mailbox = new Mailbox(service.executor(), linkedId);
        this.events = new CallEvents(this);
    }

    // ---- adapter callbacks: enqueue only ------------------------------------------------------------------------

    @Override public void ringing(SignallingLeg leg) { mailbox.execute(() -> onRinging(leg)); }
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

    void attach(Channel c, SignallingLeg leg) {
        c.attach(leg);
        byLeg.put(leg, c);
    }

    /**
     * Rings {@code target} for {@code origin} presenting {@code callerId}. Returns the ringing channel, or null when
     * the extension has no registered device (nothing was created then).
     */
    Channel dial(Channel origin, Extension target, CallerId callerId, Consumer<Channel> onAnswer,
                 Consumer<HangupCause> onFail) {
        Channel callee = newChannel(target.number(), target.displayName(), null);
        return dialInto(callee, origin, target, callerId, onAnswer, onFail) ? callee : forget(callee);
    }

    /** Rings {@code target} on an already allocated channel (its ids were handed out first). */
    boolean dialInto(Channel callee, Channel origin, Extension target, CallerId callerId, Consumer<Channel> onAnswer,
                     Consumer<HangupCause> onFail) {
        if (!(service.signalling().ring(List.of(target), callerId, this)
                instanceof org.dialtone.core.signalling.RingResult.Ringing(SignallingLeg leg))) return false;
        attach(callee, leg);
        if (toNumber == null) toNumber = target.number();
        Dial dial = new Dial(origin, callee, onAnswer, onFail);
        dials.put(callee, dial);
        if (origin != null) dialledFor.put(callee, origin);
        dial.timer = service.timers().schedule(() -> mailbox.execute(() -> ringTimeout(dial)),
                service.ringTimeout().toMillis(), TimeUnit.MILLISECONDS);
        events.publish(EventType.DIAL_BEGIN, callee, origin, callee);
        return true;
    }

    Channel forget(Channel c) {
        synchronized (channels) { channels.remove(c); }
        service.unindexChannel(c);
        return null;
    }

    /** Connects two answered channels' audio. */
    void bridge(Channel a, Channel b) {
        peers.put(a, b);
        peers.put(b, a);
        a.connect(b);
        b.connect(a);
        flushDialEnd();
        a.leg().media().bridgeWith(b.leg().media());
        if (answeredAt == null) answeredAt = Instant.now();
        events.publish(EventType.BRIDGE, a, a, b);
    }

    /** Disconnects {@code c} from its bridged peer, if any, and returns the peer. */
    Channel unbridge(Channel c) {
        Channel peer = peers.remove(c);
        if (peer != null) peers.remove(peer);
        return peer;
    }

    Channel peerOf(Channel c) { return peers.get(c); }

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

    /** Dials in progress that {@code origin} waits on. */
    List<Dial> dialsFor(Channel origin) {
        List<Dial> out = new ArrayList<>();
        for (Dial d : dials.values()) if (d.origin == origin) out.add(d);
        return out;
    }

    /** We end {@code c}: cancel, reject or hang up its leg, and clean up what depended on it. */
    void hangup(Channel c, HangupCause cause) {
        if (c.isGone()) return;
        Dial dial = dials.remove(c);
        if (dial != null) {
            dial.timer.cancel(false);
            c.dialStatus(cause == HangupCause.NORMAL ? DialStatus.CANCEL : cause.dialStatus());
            dial.onCancelled.run();
        } else if (!c.isUp() && c.dialStatus() == null) {
            c.dialStatus(cause.dialStatus());
        }
        c.hangup(cause);
        if (c.leg() != null) c.leg().hangup(cause);
        gone(c, dial, cause);
    }

    private void gone(Channel c, Dial dial, HangupCause cause) {
        lastCause = cause;
        if (dial != null) events.publish(EventType.DIAL_END, c, dial.origin, c);
        for (Dial d : dialsFor(c)) hangup(d.callee, HangupCause.CANCELLED); // nobody is waiting for them any more
        Channel peer = unbridge(c);
        Channel other = peer != null ? peer : c.connected() != null ? c.connected() : dialledFor.get(c);
        if (dialledFor.containsKey(c)) events.publish(EventType.HANGUP, c, other, c);
        else if (other != null) events.publish(EventType.HANGUP, c, c, other);
        else events.publish(EventType.HANGUP, c, c, unreached(c));
        if (c.leg() != null) c.leg().media().release();
        if (parked != null && parked.channel() == c) unpark();
        if (peer != null) hangup(peer, HangupCause.NORMAL);
        endIfIdle();
    }

    /** The called party as events show it when no channel of it was ever rung (unknown or unregistered number). */
    private org.dialtone.core.event.PartyInfo unreached(Channel caller) {
        String name = toNumber == null ? null
                : service.directory().extension(customerCode, toNumber).map(Extension::displayName).orElse(null);
        return new org.dialtone.core.event.PartyInfo(ChannelState.DOWN.wire(), toNumber, name, null, null, null,
                caller.dialStatus() == null ? null : caller.dialStatus().wire(), null, null, null);
    }

    /** Frees the parking spot of this call's parked channel. */
    void unpark() {
        ParkedChannel p = parked;
        if (p == null) return;
        parked = null;
        if (parkTimer != null) parkTimer.cancel(false);
        parkTimer = null;
        service.parkingLot(customerCode).release(p.spot(), p);
    }

    private void endIfIdle() {
        if (ended) return;
        synchronized (channels) {
            for (Channel c : channels) if (!c.isGone()) return;
        }
        ended = true;
        service.finished(this, new CallRecord(linkedId, customerCode, fromNumber, toNumber == null ? "" : toNumber,
                startedAt, answeredAt, Instant.now(), answeredAt != null ? "answered" : lastCause.dialStatus().wire(), "internal", null, null));
        log.info("call {}: ended ({})", linkedId, lastCause.wire());
    }

    // ---- what the adapters report (mailbox only) ----------------------------------------------------------------

    private void onRinging(SignallingLeg leg) {
        Channel c = byLeg.get(leg);
        if (c != null && dials.containsKey(c)) c.moveTo(ChannelState.RINGING);
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
        Dial dial = dials.remove(c);
        if (dial != null) {
            dial.timer.cancel(false);
            c.dialStatus(cause.dialStatus());
        } else if (!c.isUp()) {
            c.dialStatus(cause.dialStatus());
        }
        c.hangup(cause);
        gone(c, dial, cause);
        if (dial != null) dial.onFail.accept(cause);
    }

    private void ringTimeout(Dial dial) {
        if (dials.get(dial.callee) != dial) return;
        log.info("call {}: no answer from {} within {}", linkedId, dial.callee.number(), service.ringTimeout());
        dials.remove(dial.callee);
        Channel c = dial.callee;
        c.dialStatus(DialStatus.NO_ANSWER);
        c.hangup(HangupCause.NO_ANSWER);
        c.leg().hangup(HangupCause.NO_ANSWER);
        gone(c, dial, HangupCause.NO_ANSWER);
        dial.onFail.accept(HangupCause.NO_ANSWER);
    }

    // ---- housekeeping (enqueue) ---------------------------------------------------------------------------------

    /** Hangs every channel up (shutdown). */
    void hangupAll(HangupCause cause) {
        mailbox.execute(() -> {
            List<Channel> all;
            synchronized (channels) { all = List.copyOf(channels); }
            for (Channel c : all) hangup(c, cause);
        });
    }

    /** Hangs up answered channels whose RTP stopped (not on hold); called periodically from any thread. */
    void checkMedia(long nowNanos, long timeoutNanos) {
        mailbox.execute(() -> {
            List<Channel> all;
            synchronized (channels) { all = List.copyOf(channels); }
            for (Channel c : all) {
                if (!c.isUp() || c.isGone()) continue;
                var media = c.leg().media();
                if (!media.held() && nowNanos - media.lastReceivedNanos() > timeoutNanos) {
                    log.info("call {}: no RTP from {} for {} s, hanging up", linkedId, c.number(),
                            TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
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

    CallEvents events() { return events; }

    /** Plays {@code prompt} to an answered channel, in its customer's version (e.g. that customer's music on hold). */
    static void play(Channel c, Prompt prompt) { c.leg().media().play(prompt, c.customerCode()); }
}
