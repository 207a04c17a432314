package org.dialtone.core.call;

import java.util.concurrent.CompletableFuture;
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
import org.dialtone.core.dialplan.Destination;
import org.dialtone.core.event.EventType;
import org.dialtone.core.media.Prompt;
import org.dialtone.core.parking.ParkResolution;
import org.dialtone.core.parking.Parking;
import org.dialtone.core.signalling.RingResult;
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

    /**
     * A caller reached the switch (a phone dialled, or a trunk delivered a DID): ring {@code target} with ringback
     * to the caller, answer and bridge, or reject with the reason.
     */
    static void ringFor(Call call, Channel caller, Destination target) {
        caller.moveTo(ChannelState.RINGING);
        if (target instanceof Destination.Nowhere(String dialled)) {
            log.info("call {}: {} dialled {}, which leads nowhere", call.linkedId(), caller.number(), dialled);
            call.hangup(caller, HangupCause.NOT_FOUND);
            return;
        }
        Ring ring = call.dial(caller, target, callerIdFor(call, caller, target),
                answered -> {
                    caller.leg().answer();
                    caller.moveTo(ChannelState.UP);
                    caller.dialStatus(DialStatus.ANSWER);
                    call.bridge(caller, answered);
                },
                cause -> call.hangup(caller, cause));
        if (!ring.rang()) {
            log.info("call {}: {} cannot be rung ({})", call.linkedId(), describe(target), ring.failure());
            call.hangup(caller, causeOf(ring.failure()));
            return;
        }
        caller.leg().progress();
        Call.play(caller, Prompt.RINGBACK);
        log.info("call {}: {} -> {} ringing", call.linkedId(), caller.number(), describe(target));
    }

    /** A phone dialled an extension, ring group or outside number. */
    static void phoneCall(Call call, Extension from, SignallingLeg leg, String dialled, Destination target) {
        Channel caller = call.newChannel(from.number(), from.displayName(), leg);
        call.dialled(dialled);
        ringFor(call, caller, target);
    }

    /** A trunk delivered a call for DID {@code did}; {@code target} is where the DID routes. */
    static void inboundCall(Call call, CallerId from, SignallingLeg leg, String did, Destination target) {
        Channel caller = call.newChannel(from.number(), from.name(), leg);
        call.outsideParty(caller);
        call.dialled(did);
        ringFor(call, caller, target);
    }

    /**
     * Originate: ring {@code ext} showing {@code shown}; on answer play ringback and ring {@code target} (an
     * extension, ring group or outside number); bridge when it answers.
     */
    static Originated originate(Call call, Extension ext, Destination target, CallerId shown) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Channel a = call.newChannel(ext.number(), ext.displayName(), null);
        RingResult.Failure failure = call.dialInto(a, null, new Destination.ToExtension(ext), shown,
                answered -> {
                    if (!outcome.complete(Outcome.ANSWERED)) { // whoever waited gave up (a sync originate timed out)
                        call.hangup(answered, HangupCause.NORMAL);
                        return;
                    }
                    Call.play(answered, Prompt.RINGBACK);
                    Ring b = call.dial(answered, target, callerIdFor(call, answered, target),
                            bb -> call.bridge(answered, bb), cause -> call.hangup(answered, cause));
                    if (!b.rang()) call.hangup(answered, causeOf(b.failure()));
                },
                cause -> outcome.complete(outcomeOf(cause)));
        if (failure != null) {
            call.forget(a);
            throw notRung(failure, "extension_number", "Extension " + ext.number());
        }
        call.onCancelled(a, () -> outcome.complete(Outcome.FAILED));
        stopRingingWhenAbandoned(call, a, outcome);
        return new Originated(call.linkedId(), a.channelId(), outcome);
    }

    /**
     * Ring {@code ext} for the call parked in {@code spot} of this call; on answer they are bridged. Used by unpark
     * and by originate to a spot ({@code shown} differs: the parked caller, or the spot number).
     */
    static Unparked unpark(Call call, String spot, Extension ext, CallerId shown, CompletableFuture<Outcome> outcome) {
        Parking<ParkedChannel> p = call.parking();
        if (p == null || !p.spot().equals(spot) || p.occupant().channel().isGone()) {
            throw new CallControlException(Reason.NOT_FOUND, "parking_spot", "Parking spot " + spot + " is empty");
        }
        Channel x = p.occupant().channel();
        Ring u = call.dial(x, new Destination.ToExtension(ext), shown == null ? callerIdOf(x) : shown,
                answered -> {
                    if (outcome != null && !outcome.complete(Outcome.ANSWERED)) { // the waiter gave up
                        call.hangup(answered, HangupCause.NORMAL);
                        return;
                    }
                    if (call.parking() != p) { // someone else retrieved it first
                        call.hangup(answered, HangupCause.ANSWERED_ELSEWHERE);
                        return;
                    }
                    takeOutOfSpot(call, p, answered, ParkResolution.RETRIEVED);
                },
                cause -> {
                    if (outcome != null) outcome.complete(outcomeOf(cause));
                });
        if (!u.rang()) throw notRung(u.failure(), "extension_number", "Extension " + ext.number());
        if (outcome != null) {
            call.onCancelled(u.channel(), () -> outcome.complete(Outcome.FAILED));
            stopRingingWhenAbandoned(call, u.channel(), outcome);
        }
        return new Unparked(spot, u.channel().channelId(), call.linkedId());
    }

    /**
     * A phone dialled the spot this call is parked in, or an outside caller called a DID that leads to it: answer
     * and bridge.
     */
    static void retrieveByCall(Call call, CallerId from, boolean outside, SignallingLeg leg, String spot) {
        Channel r = call.newChannel(from.number(), from.name(), leg);
        if (outside) call.outsideParty(r);
        Parking<ParkedChannel> p = call.parking();
        if (p == null || !p.spot().equals(spot) || p.occupant().channel().isGone()) {
            call.hangup(r, HangupCause.NOT_FOUND);
            return;
        }
        call.answer(r);
        takeOutOfSpot(call, p, r, ParkResolution.RETRIEVED);
    }

    private static void takeOutOfSpot(Call call, Parking<ParkedChannel> p, Channel retriever, ParkResolution how) {
        Channel x = p.occupant().channel();
        call.leaveSpot(how);
        call.cancelDialsFor(x, retriever, HangupCause.ANSWERED_ELSEWHERE);
        call.events().publish(EventType.UNPARK, x, x, retriever);
        call.bridge(x, retriever);
        log.info("call {}: {} retrieved from spot {} by {}", call.linkedId(), x.number(), p.spot(), retriever.number());
    }

    /** Moves answered channel {@code x} to {@code target}; its bridged peer is released. */
    static Transferred transfer(Call call, Channel x, Destination target) {
        requireAnswered(x);
        Ring t = call.dial(x, target, callerIdFor(call, x, target), answered -> call.bridge(x, answered),
                cause -> transferFailed(call, x, target, cause));
        if (!t.rang()) throw notRung(t.failure(), "to_number", describe(target));
        call.events().publish(EventType.BLIND_TRANSFER, x, x, t.channel());
        call.cancelDialsFor(x, t.channel(), HangupCause.CANCELLED);
        call.release(x);
        Call.play(x, Prompt.RINGBACK);
        log.info("call {}: {} transferred to {}", call.linkedId(), x.number(), describe(target));
        return new Transferred(call.linkedId(), x.channelId());
    }

    /**
     * The target of {@code x}'s blind transfer did not answer, was busy or failed: ring the customer's transfer
     * fallback instead, {@code x} still hearing ringback; with no fallback, or one that is the target itself or has no
     * registered device, {@code x} is hung up with the target's cause. A failing fallback hangs {@code x} up too.
     */
    private static void transferFailed(Call call, Channel x, Destination failed, HangupCause cause) {
        if (x.isGone()) return;
        Extension fallback = call.service().transferFallback(call.customerCode())
                .filter(f -> !(failed instanceof Destination.ToExtension(Extension e) && e.number().equals(f.number())))
                .orElse(null);
        Ring f = fallback == null ? null : call.dial(x, new Destination.ToExtension(fallback), callerIdOf(x),
                answered -> call.bridge(x, answered), fallbackCause -> call.hangup(x, fallbackCause));
        if (f == null || !f.rang()) {
            log.info("call {}: transfer of {} to {} failed ({}){}", call.linkedId(), x.number(), describe(failed),
                    cause.wire(), fallback == null ? "" : ", fallback " + fallback.number() + " cannot be rung");
            call.hangup(x, cause);
            return;
        }
        log.info("call {}: transfer of {} to {} failed ({}), ringing fallback {}", call.linkedId(), x.number(),
                describe(failed), cause.wire(), fallback.number());
    }

    /** Moves answered channel {@code x} into {@code spot} with music on hold; its bridged peer is released. */
    static Parked park(Call call, Channel x, String spot) {
        requireAnswered(x);
        Parking<ParkedChannel> current = call.parking();
        if (current != null && current.occupant().channel() == x && current.spot().equals(spot)) {
            return parked(call, current); // already there
        }
        Channel peer = call.peerOf(x);
        String parker = peer != null ? peer.number() : current != null ? current.parkerNumber() : null;
        if (!call.park(x, spot, parker)) {
            throw new CallControlException(Reason.SPOT_OCCUPIED, "parking_spot", "Parking spot " + spot + " is occupied");
        }
        call.events().publish(EventType.PARK, x, x, peer);
        log.info("call {}: {} parked in {} by {}", call.linkedId(), x.number(), spot, parker);
        return parked(call, call.parking());
    }

    private static Parked parked(Call call, Parking<ParkedChannel> p) {
        return new Parked(p.spot(), p.occupant().channel().channelId(), call.linkedId(), p.timeoutAt());
    }

    /** The park timed out: ring the parker back; if nobody answers, the call stays in its spot. */
    static void parkTimedOut(Call call, Parking<ParkedChannel> p) {
        if (call.parking() != p || p.occupant().channel().isGone()) return;
        Channel x = p.occupant().channel();
        call.events().publish(EventType.PARK_TIMEOUT, x, x, (Channel) null);
        Destination back = p.parkerNumber() == null ? null
                : call.service().dialPlan().resolve(call.customerCode(), p.parkerNumber());
        Ring r = !dialable(back) ? null : call.dial(x, back, callerIdFor(call, x, back),
                answered -> {
                    if (call.parking() == p) takeOutOfSpot(call, p, answered, ParkResolution.PARKER_ANSWERED);
                    else call.hangup(answered, HangupCause.ANSWERED_ELSEWHERE);
                },
                cause -> {
                    if (call.parking() == p) call.service().parking().rearm(p);
                });
        boolean ringing = r != null && r.rang();
        log.info("call {}: park of {} in {} timed out, {}", call.linkedId(), x.number(), p.spot(),
                ringing ? "ringing " + p.parkerNumber() : "parker unreachable, staying parked");
        if (!ringing) call.service().parking().rearm(p);
    }

    private static boolean dialable(Destination d) {
        return d instanceof Destination.ToExtension || d instanceof Destination.ToRingGroup
                || d instanceof Destination.ToOutside;
    }

    private static void requireAnswered(Channel x) {
        if (x.isGone() || x.state() != ChannelState.UP) {
            throw new CallControlException(Reason.INVALID_STATE, "channel_id",
                    "Channel " + x.channelId() + " is " + x.state().wire() + ", not answered");
        }
    }

    /**
     * An originate whose waiter gives up (a sync originate that timed out completes {@code outcome} exceptionally)
     * still owns its call: the channel that rings for it stops ringing, and one answering later is hung up (above).
     */
    private static void stopRingingWhenAbandoned(Call call, Channel ringing, CompletableFuture<Outcome> outcome) {
        outcome.whenComplete((o, abandoned) -> {
            if (abandoned == null) return;
            call.execute(() -> {
                if (ringing.isGone() || ringing.isUp()) return;
                log.info("call {}: nobody waits for {} any more, it stops ringing", call.linkedId(), ringing.number());
                call.hangup(ringing, HangupCause.NO_ANSWER);
            });
        });
    }

    /** What the caller hears when its destination cannot be rung. */
    private static HangupCause causeOf(RingResult.Failure failure) {
        return switch (failure) {
            case NO_DEVICE -> HangupCause.UNAVAILABLE;
            case AT_LIMIT -> HangupCause.BUSY;
            default -> HangupCause.CONGESTION;
        };
    }

    /** An action's target could not be rung: an unregistered extension is 409, the switch's own limits 503. */
    private static CallControlException notRung(RingResult.Failure failure, String field, String what) {
        return switch (failure) {
            case NO_DEVICE -> new CallControlException(Reason.EXTENSION_UNAVAILABLE, field,
                    what + " has no registered device");
            case AT_LIMIT -> new CallControlException(Reason.UNAVAILABLE, field,
                    what + " has reached its limit of concurrent calls");
            case NO_MEDIA_PORT -> new CallControlException(Reason.UNAVAILABLE, null,
                    "No RTP port is free to place the call");
            case NO_TRUNK -> new CallControlException(Reason.UNAVAILABLE, field, "No trunk is available to reach " + what);
            case NOT_SENT -> new CallControlException(Reason.UNAVAILABLE, field, what + " could not be reached");
        };
    }

    /**
     * The caller id {@code origin} shows when it rings {@code target}: on an outside call the customer's number for
     * it (the extension's own caller-id number, else the customer's main number; an outside origin shows the main
     * number), otherwise the origin's own number and name.
     */
    static CallerId callerIdFor(Call call, Channel origin, Destination target) {
        if (!(target instanceof Destination.ToOutside)) return callerIdOf(origin);
        var plan = call.service().dialPlan();
        boolean isExtension = call.service().directory().extension(call.customerCode(), origin.number()).isPresent();
        String number = plan.outsideCallerNumber(call.customerCode(), isExtension ? origin.number() : null);
        return new CallerId(number != null ? number : origin.number(), origin.name());
    }

    static CallerId callerIdOf(Channel c) { return new CallerId(c.number(), c.name()); }

    static String describe(Destination d) {
        return switch (d) {
            case Destination.ToExtension(var e) -> "extension " + e.number();
            case Destination.ToRingGroup(var g, var m) -> "ring group " + g.number();
            case Destination.ToOutside(var e164, var t) -> e164;
            case Destination.ToSpot(var s) -> "spot " + s;
            case Destination.Nowhere(var n) -> String.valueOf(n);
        };
    }

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
