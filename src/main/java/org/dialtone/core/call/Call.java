package org.dialtone.core.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.channel.Channel;
import org.dialtone.core.channel.ChannelState;
import org.dialtone.core.channel.DialStatus;
import org.dialtone.core.channel.Direction;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.core.media.Prompt;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call from one extension to another: the caller's channel, one channel per ringing device of the callee (the
 * first to answer wins), then a two-party bridge. Every state change runs on this call's {@link Mailbox}; the
 * {@link LegListener} methods only enqueue.
 */
public final class Call implements LegListener {
    private static final Logger log = LoggerFactory.getLogger(Call.class);

    private final CallService service;
    private final Mailbox mailbox;
    private final Channel caller;
    private final Extension callerExtension;
    private final String dialled;
    private final Instant startedAt = Instant.now();
    private final List<Channel> forks = new ArrayList<>();
    private Extension target;
    private Channel answered;
    private ScheduledFuture<?> ringTimer;
    private boolean ended;

    Call(CallService service, Extension callerExtension, String dialled, SignallingLeg callerLeg) {
        this.service = service;
        this.callerExtension = callerExtension;
        this.dialled = dialled;
        this.caller = new Channel(null, callerExtension.customerCode(), callerExtension.number(),
                callerExtension.displayName(), callerLeg);
        this.mailbox = new Mailbox(service.executor(), caller.linkedId());
    }

    public String linkedId() { return caller.linkedId(); }
    public String customerCode() { return caller.customerCode(); }

    /** Channels of this call that have not hung up (read from any thread: a best-effort count). */
    int liveChannels() {
        int n = caller.isGone() ? 0 : 1;
        synchronized (forks) {
            for (Channel c : forks) if (!c.isGone()) n++;
        }
        return n;
    }

    // ---- adapter callbacks: enqueue only ------------------------------------------------------------------------

    @Override public void ringing(SignallingLeg leg) { mailbox.execute(() -> onRinging(leg)); }
    @Override public void answered(SignallingLeg leg) { mailbox.execute(() -> onAnswered(leg)); }
    @Override public void ended(SignallingLeg leg, HangupCause cause) { mailbox.execute(() -> onEnded(leg, cause)); }

    void start() { mailbox.execute(this::route); }

    /** Hangs the whole call up (shutdown, media timeout). */
    void hangup(HangupCause cause) { mailbox.execute(() -> endCall(cause, cause)); }

    /** Checks media activity of the bridged legs; called periodically from any thread. */
    void checkMedia(long nowNanos, long timeoutNanos) {
        mailbox.execute(() -> {
            if (ended || answered == null) return;
            for (Channel c : List.of(caller, answered)) {
                var media = c.leg().media();
                if (!media.held() && nowNanos - media.lastReceivedNanos() > timeoutNanos) {
                    log.info("call {}: no RTP from {} for {} s, hanging up", linkedId(), c.number(),
                            TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
                    endCall(HangupCause.MEDIA_TIMEOUT, HangupCause.MEDIA_TIMEOUT);
                    return;
                }
            }
        });
    }

    // ---- state changes (mailbox only) ---------------------------------------------------------------------------

    private void route() {
        caller.moveTo(ChannelState.RINGING);
        target = service.directory().extension(customerCode(), dialled).orElse(null);
        if (target == null) {
            log.info("call {}: {} dialled unknown number {}", linkedId(), caller.number(), dialled);
            endCall(HangupCause.NOT_FOUND, HangupCause.NOT_FOUND);
            return;
        }
        List<SignallingLeg> legs = service.signalling().ring(target,
                new CallerId(callerExtension.number(), callerExtension.displayName()), this);
        if (legs.isEmpty()) {
            log.info("call {}: {} has no registered device", linkedId(), target.number());
            endCall(HangupCause.UNAVAILABLE, HangupCause.UNAVAILABLE);
            return;
        }
        for (SignallingLeg leg : legs) {
            Channel fork = new Channel(linkedId(), customerCode(), target.number(), target.displayName(), leg);
            synchronized (forks) { forks.add(fork); }
            publish(EventType.DIAL_BEGIN, fork, fork);
        }
        caller.leg().progress();
        caller.leg().media().play(Prompt.RINGBACK);
        ringTimer = service.timers().schedule(() -> mailbox.execute(this::ringTimeout),
                service.ringTimeout().toMillis(), TimeUnit.MILLISECONDS);
        log.info("call {}: {} -> {} ringing {} device(s)", linkedId(), caller.number(), target.number(), legs.size());
    }

    private void onRinging(SignallingLeg leg) {
        Channel fork = forkOf(leg);
        if (fork != null && !ended) fork.moveTo(ChannelState.RINGING);
    }

    private void onAnswered(SignallingLeg leg) {
        Channel fork = forkOf(leg);
        if (fork == null || fork.isGone()) { leg.hangup(HangupCause.NORMAL); return; }
        if (ended || answered != null) { // lost the race: another device answered or the caller left
            endFork(fork, HangupCause.ANSWERED_ELSEWHERE);
            return;
        }
        answered = fork;
        cancelRingTimer();
        fork.moveTo(ChannelState.UP);
        fork.dialStatus(DialStatus.ANSWER);
        for (Channel other : forksSnapshot()) {
            if (other != fork && !other.isGone()) endFork(other, HangupCause.ANSWERED_ELSEWHERE);
        }
        caller.leg().answer();
        caller.moveTo(ChannelState.UP);
        caller.dialStatus(DialStatus.ANSWER);
        caller.connect(fork);
        fork.connect(caller);
        caller.leg().media().bridgeWith(fork.leg().media());
        publish(EventType.DIAL_END, fork, fork);
        publish(EventType.BRIDGE, caller, fork);
        log.info("call {}: {} answered on {}", linkedId(), target.number(), fork.device());
    }

    private void onEnded(SignallingLeg leg, HangupCause cause) {
        if (ended) return;
        if (leg == caller.leg()) {
            caller.hangup(cause);
            endCall(cause, answered == null ? HangupCause.CANCELLED : HangupCause.NORMAL);
            return;
        }
        Channel fork = forkOf(leg);
        if (fork == null || fork.isGone()) return;
        if (fork == answered) {
            fork.hangup(cause);
            publish(EventType.HANGUP, fork, fork); // endCall skips channels already gone
            endCall(HangupCause.NORMAL, cause);
            return;
        }
        fork.dialStatus(cause.dialStatus());
        fork.hangup(cause);
        publish(EventType.DIAL_END, fork, fork);
        publish(EventType.HANGUP, fork, fork);
        fork.leg().media().release();
        if (answered == null && forksSnapshot().stream().allMatch(Channel::isGone)) {
            endCall(outcome(), HangupCause.NORMAL);
        }
    }

    private void ringTimeout() {
        if (ended || answered != null) return;
        log.info("call {}: no answer from {} within {}", linkedId(), dialled, service.ringTimeout());
        endCall(HangupCause.NO_ANSWER, HangupCause.NO_ANSWER);
    }

    /** The cause the caller hears when every fork failed: busy wins over the rest. */
    private HangupCause outcome() {
        HangupCause best = HangupCause.UNAVAILABLE;
        for (Channel f : forksSnapshot()) {
            HangupCause c = f.hangupCause();
            if (c == HangupCause.BUSY) return c;
            if (c == HangupCause.REJECTED) best = c;
            else if (best == HangupCause.UNAVAILABLE && c != null) best = c;
        }
        return best;
    }

    /**
     * Ends every channel still alive: {@code callerCause} for the caller, {@code forkCause} for the callee side.
     */
    private void endCall(HangupCause callerCause, HangupCause forkCause) {
        if (ended) return;
        ended = true;
        cancelRingTimer();
        for (Channel fork : forksSnapshot()) {
            if (fork.isGone()) continue;
            if (fork != answered) fork.dialStatus(forkCause.dialStatus() == DialStatus.ANSWER ? DialStatus.CANCEL : forkCause.dialStatus());
            boolean wasRinging = fork != answered;
            fork.hangup(forkCause);
            fork.leg().hangup(forkCause);
            if (wasRinging) publish(EventType.DIAL_END, fork, fork);
            publish(EventType.HANGUP, fork, fork);
        }
        if (!caller.isGone()) {
            if (answered == null) caller.dialStatus(callerCause.dialStatus());
            caller.hangup(callerCause);
        }
        caller.leg().hangup(callerCause);
        publish(EventType.HANGUP, caller, answered);
        caller.leg().media().release();
        for (Channel fork : forksSnapshot()) fork.leg().media().release();
        service.finished(this, record(callerCause));
        log.info("call {}: ended ({})", linkedId(), callerCause.wire());
    }

    private void endFork(Channel fork, HangupCause cause) {
        fork.dialStatus(DialStatus.CANCEL);
        fork.hangup(cause);
        fork.leg().hangup(cause);
        publish(EventType.DIAL_END, fork, fork);
        publish(EventType.HANGUP, fork, fork);
        fork.leg().media().release();
    }

    private CallRecord record(HangupCause cause) {
        Instant answerTime = answered == null ? null : answered.answeredAt();
        String disposition = answered != null ? "answered" : cause.dialStatus().wire();
        return new CallRecord(linkedId(), customerCode(), caller.number(), dialled, startedAt, answerTime,
                Instant.now(), disposition);
    }

    private void cancelRingTimer() {
        if (ringTimer != null) ringTimer.cancel(false);
    }

    private Channel forkOf(SignallingLeg leg) {
        for (Channel c : forksSnapshot()) if (c.leg() == leg) return c;
        return null;
    }

    private List<Channel> forksSnapshot() {
        synchronized (forks) { return List.copyOf(forks); }
    }

    private void publish(EventType type, Channel subject, Channel callee) {
        PartyInfo calleeParty = callee != null ? callee.party() : unreachedCallee();
        PartyInfo subjectParty = subject == caller ? caller.party() : subject.party();
        service.events().publish(new ChannelEvent(type, subject.uniqueId(), linkedId(),
                System.currentTimeMillis() / 1000.0, Direction.INTERNAL.wire(), customerCode(),
                caller.party(), calleeParty, subjectParty));
    }

    /** The callee as events show it when no device of it was ever rung. */
    private PartyInfo unreachedCallee() {
        String name = target == null ? null : target.displayName();
        return new PartyInfo(ChannelState.DOWN.wire(), dialled, name, null, null, null,
                caller.dialStatus() == null ? null : caller.dialStatus().wire(), null, null, null);
    }
}
