package org.dialtone.core.call;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.channel.Channel;
import org.dialtone.core.channel.ChannelState;
import org.dialtone.core.channel.DialStatus;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.control.CallControl.Originated;
import org.dialtone.core.control.CallControl.Outcome;
import org.dialtone.core.control.CallControl.Parked;
import org.dialtone.core.control.CallControl.Transferred;
import org.dialtone.core.control.CallControl.Unparked;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.event.EventType;
import org.dialtone.core.media.Prompt;
import org.dialtone.core.parking.ParkingLot;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call flows users know, composed from {@link Call}'s primitives. Every method runs on the call's mailbox;
 * those behind an API action validate first and throw {@link CallControlException} before changing anything.
 */
final class CallScripts {
    private static final Logger log = LoggerFactory.getLogger(CallScripts.class);

    private CallScripts() {}

    /** A phone dialled an extension: ring it with ringback to the caller, answer and bridge, or reject. */
    static void phoneCall(Call call, Extension from, SignallingLeg leg, String dialled) {
        Channel caller = call.newChannel(from.number(), from.displayName(), leg);
        call.dialled(dialled);
        caller.moveTo(ChannelState.RINGING);
        Extension target = call.service.directory().extension(call.customerCode, dialled).orElse(null);
        if (target == null) {
            log.info("call {}: {} dialled {}, which is not an extension", call.linkedId, from.number(), dialled);
            call.hangup(caller, HangupCause.NOT_FOUND);
            return;
        }
        Channel callee = call.dial(caller, target, callerIdOf(caller),
                answered -> {
                    caller.leg().answer();
                    caller.moveTo(ChannelState.UP);
                    caller.dialStatus(DialStatus.ANSWER);
                    call.bridge(caller, answered);
                },
                cause -> call.hangup(caller, cause));
        if (callee == null) {
            log.info("call {}: {} has no registered device", call.linkedId, target.number());
            call.hangup(caller, HangupCause.UNAVAILABLE);
            return;
        }
        caller.leg().progress();
        Call.play(caller, Prompt.RINGBACK);
        log.info("call {}: {} -> {} ringing", call.linkedId, from.number(), target.number());
    }

    /**
     * Originate to an extension: ring {@code ext} showing {@code number}; on answer play ringback and ring
     * {@code target}; bridge when it answers.
     */
    static Originated originate(Call call, Extension ext, Extension target) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Channel a = call.newChannel(ext.number(), ext.displayName(), null);
        boolean ringing = call.dialInto(a, null, ext, new CallerId(target.number(), target.displayName()),
                answered -> {
                    outcome.complete(Outcome.ANSWERED);
                    Call.play(answered, Prompt.RINGBACK);
                    Channel b = call.dial(answered, target, callerIdOf(answered), bb -> call.bridge(answered, bb),
                            cause -> call.hangup(answered, cause));
                    if (b == null) call.hangup(answered, HangupCause.UNAVAILABLE);
                },
                cause -> outcome.complete(outcomeOf(cause)));
        call.onCancelled(a, () -> outcome.complete(Outcome.FAILED));
        if (!ringing) {
            call.forget(a);
            throw new CallControlException(Reason.EXTENSION_UNAVAILABLE, "extension_number",
                    "Extension " + ext.number() + " has no registered device");
        }
        return new Originated(call.linkedId, a.channelId(), outcome);
    }

    /**
     * Ring {@code ext} for the call parked in {@code spot} of this call; on answer they are bridged. Used by unpark
     * and by originate to a spot ({@code shown} differs: the parked caller, or the spot number).
     */
    static Unparked unpark(Call call, String spot, Extension ext, CallerId shown, CompletableFuture<Outcome> outcome) {
        ParkedChannel p = call.parked;
        if (p == null || !p.spot().equals(spot) || p.channel().isGone()) {
            throw new CallControlException(Reason.NOT_FOUND, "parking_spot", "Parking spot " + spot + " is empty");
        }
        Channel x = p.channel();
        Channel u = call.dial(x, ext, shown == null ? callerIdOf(x) : shown,
                answered -> {
                    if (outcome != null) outcome.complete(Outcome.ANSWERED);
                    if (call.parked != p) { // someone else retrieved it first
                        call.hangup(answered, HangupCause.ANSWERED_ELSEWHERE);
                        return;
                    }
                    takeOutOfSpot(call, p, answered);
                },
                cause -> {
                    if (outcome != null) outcome.complete(outcomeOf(cause));
                });
        if (u == null) {
            throw new CallControlException(Reason.EXTENSION_UNAVAILABLE, "extension_number",
                    "Extension " + ext.number() + " has no registered device");
        }
        if (outcome != null) call.onCancelled(u, () -> outcome.complete(Outcome.FAILED));
        return new Unparked(spot, u.channelId(), call.linkedId);
    }

    /** A phone dialled the spot this call is parked in: answer it and bridge. */
    static void retrieveByPhone(Call call, Extension from, SignallingLeg leg, String spot) {
        Channel r = call.newChannel(from.number(), from.displayName(), leg);
        ParkedChannel p = call.parked;
        if (p == null || !p.spot().equals(spot) || p.channel().isGone()) {
            call.hangup(r, HangupCause.NOT_FOUND);
            return;
        }
        r.leg().answer();
        r.moveTo(ChannelState.UP);
        r.dialStatus(DialStatus.ANSWER);
        takeOutOfSpot(call, p, r);
    }

    private static void takeOutOfSpot(Call call, ParkedChannel p, Channel retriever) {
        Channel x = p.channel();
        call.unpark();
        for (Call.Dial d : call.dialsFor(x)) {
            if (d.callee != retriever) call.hangup(d.callee, HangupCause.ANSWERED_ELSEWHERE);
        }
        call.events().publish(EventType.UNPARK, x, x, retriever);
        call.bridge(x, retriever);
        log.info("call {}: {} retrieved from spot {} by {}", call.linkedId, x.number(), p.spot(), retriever.number());
    }

    /** Moves answered channel {@code x} to {@code target}; its bridged peer is released. */
    static Transferred transfer(Call call, Channel x, Extension target) {
        requireAnswered(x);
        Channel t = call.dial(x, target, callerIdOf(x), answered -> call.bridge(x, answered),
                cause -> transferFailed(call, x, target, cause));
        if (t == null) {
            throw new CallControlException(Reason.EXTENSION_UNAVAILABLE, "to_number",
                    "Extension " + target.number() + " has no registered device");
        }
        call.events().publish(EventType.BLIND_TRANSFER, x, x, t);
        for (Call.Dial d : call.dialsFor(x)) if (d.callee != t) call.hangup(d.callee, HangupCause.CANCELLED);
        release(call, x);
        Call.play(x, Prompt.RINGBACK);
        log.info("call {}: {} transferred to {}", call.linkedId, x.number(), target.number());
        return new Transferred(call.linkedId, x.channelId());
    }

    /**
     * The target of {@code x}'s blind transfer did not answer, was busy or failed: ring the customer's transfer
     * fallback instead, {@code x} still hearing ringback; with no fallback, or one that is the target itself or has no
     * registered device, {@code x} is hung up with the target's cause. A failing fallback hangs {@code x} up too.
     */
    private static void transferFailed(Call call, Channel x, Extension failed, HangupCause cause) {
        if (x.isGone()) return;
        Extension fallback = call.service.transferFallback(call.customerCode)
                .filter(f -> !f.number().equals(failed.number())).orElse(null);
        Channel f = fallback == null ? null : call.dial(x, fallback, callerIdOf(x), answered -> call.bridge(x, answered),
                fallbackCause -> call.hangup(x, fallbackCause));
        if (f == null) {
            log.info("call {}: transfer of {} to {} failed ({}){}", call.linkedId, x.number(), failed.number(),
                    cause.wire(), fallback == null ? "" : ", fallback " + fallback.number() + " has no registered device");
            call.hangup(x, cause);
            return;
        }
        log.info("call {}: transfer of {} to {} failed ({}), ringing fallback {}", call.linkedId, x.number(),
                failed.number(), cause.wire(), fallback.number());
    }

    /** Moves answered channel {@code x} into {@code spot} with music on hold; its bridged peer is released. */
    static Parked park(Call call, Channel x, String spot) {
        requireAnswered(x);
        ParkingLot<ParkedChannel> lot = call.service.parkingLot(call.customerCode);
        if (call.parked != null && call.parked.channel() == x && call.parked.spot().equals(spot)) {
            return parked(call, call.parked); // already there
        }
        Channel peer = call.peerOf(x);
        String parker = peer != null ? peer.number() : call.parked != null ? call.parked.parkerNumber() : null;
        long timeout = lot.timeout().toMillis();
        ParkedChannel p = new ParkedChannel(spot, call, x, parker,
                timeout > 0 ? Instant.now().plusMillis(timeout) : null);
        if (!lot.claim(spot, p)) {
            throw new CallControlException(Reason.SPOT_OCCUPIED, "parking_spot", "Parking spot " + spot + " is occupied");
        }
        call.unpark(); // leaving another spot, if it was parked already
        for (Call.Dial d : call.dialsFor(x)) call.hangup(d.callee, HangupCause.CANCELLED);
        release(call, x);
        call.parked = p;
        Call.play(x, Prompt.MUSIC_ON_HOLD);
        armParkTimer(call, p);
        call.events().publish(EventType.PARK, x, x, peer);
        log.info("call {}: {} parked in {} by {}", call.linkedId, x.number(), spot, parker);
        return parked(call, p);
    }

    private static Parked parked(Call call, ParkedChannel p) {
        return new Parked(p.spot(), p.channel().channelId(), call.linkedId, p.timeoutAt());
    }

    private static void armParkTimer(Call call, ParkedChannel p) {
        long timeout = call.service.parkingLot(call.customerCode).timeout().toMillis();
        if (timeout <= 0) return;
        call.parkTimer = call.service.timers().schedule(() -> call.mailbox.execute(() -> parkTimedOut(call, p)),
                timeout, TimeUnit.MILLISECONDS);
    }

    /** The park timed out: ring the parker back; if nobody answers, the call stays in its spot. */
    private static void parkTimedOut(Call call, ParkedChannel p) {
        if (call.parked != p || p.channel().isGone()) return;
        Channel x = p.channel();
        call.events().publish(EventType.PARK_TIMEOUT, x, x, (Channel) null);
        Extension parker = p.parkerNumber() == null ? null
                : call.service.directory().extension(call.customerCode, p.parkerNumber()).orElse(null);
        Channel r = parker == null ? null : call.dial(x, parker, callerIdOf(x),
                answered -> {
                    if (call.parked == p) takeOutOfSpot(call, p, answered);
                    else call.hangup(answered, HangupCause.ANSWERED_ELSEWHERE);
                },
                cause -> {
                    if (call.parked == p) armParkTimer(call, p);
                });
        log.info("call {}: park of {} in {} timed out, {}", call.linkedId, x.number(), p.spot(),
                r == null ? "parker unreachable, staying parked" : "ringing " + p.parkerNumber());
        if (r == null) armParkTimer(call, p);
    }

    /** Releases what {@code x} was connected to: its bridged peer is hung up, its spot freed. */
    private static void release(Call call, Channel x) {
        Channel peer = call.unbridge(x);
        if (call.parked != null && call.parked.channel() == x) call.unpark();
        if (peer != null) call.hangup(peer, HangupCause.NORMAL);
    }

    private static void requireAnswered(Channel x) {
        if (x.isGone() || x.state() != ChannelState.UP) {
            throw new CallControlException(Reason.INVALID_STATE, "channel_id",
                    "Channel " + x.channelId() + " is " + x.state().wire() + ", not answered");
        }
    }

    static CallerId callerIdOf(Channel c) { return new CallerId(c.number(), c.name()); }

    static Outcome outcomeOf(HangupCause cause) {
        return switch (cause) {
            case NORMAL -> Outcome.ANSWERED;
            case BUSY -> Outcome.BUSY;
            case NO_ANSWER -> Outcome.NO_ANSWER;
            case REJECTED -> Outcome.REJECTED;
            default -> Outcome.FAILED;
        };
    }
}
