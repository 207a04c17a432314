package org.dialtone.sip;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingPort.OutsideCall;
import org.dialtone.core.trunk.TrunkCredentials;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.sip.sdp.MediaDirection;
import org.dialtone.sip.sdp.SdpNegotiator;
import org.dialtone.sip.sdp.SessionDescription;
import org.dialtone.sip.trunk.TrunkChannel;
import org.dialtone.sip.trunk.TrunkFailover;
import org.dialtone.sip.trunk.TrunkFailure;
import org.dialtone.sip.trunk.TrunkHop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call to the network: one leg whatever the trunk, with one anchored RTP endpoint. Each trunk tried is an
 * {@link TrunkAttempt} with its own Call-ID and channel; a 503, another 5xx, silence or a transport error moves on to the
 * next usable trunk, any other final response ends the leg. A digest challenge is answered once per trunk. Early
 * media (18x with SDP) configures the media before the answer. State is guarded by the leg's monitor; SIP is sent
 * outside it.
 */
final class TrunkLeg extends SipLeg implements InviteClient {
    private static final Logger log = LoggerFactory.getLogger(TrunkLeg.class);

    /** What a failed attempt leads to: the next attempt, or the end of the leg with a cause. */
    private record Next(TrunkAttempt attempt, HangupCause cause) {}

    private final LegRegistry registry;
    private final OutsideCall call;
    private final TrunkFailover failover;
    private final Duration silenceTimeout;
    private final Consumer<TrunkLeg> onEnd;
    private final String offer;
    private final List<TrunkAttempt> attempts = new ArrayList<>();
    private final Set<String> registered = new LinkedHashSet<>();
    private TrunkAttempt current;
    private boolean answered;
    private boolean ringingSent;
    private boolean earlyMediaSent;

    /**
     * @param silenceTimeout how long a trunk may stay silent (not even 100 Trying) before the next one is tried
     * @param onEnd          told once the leg has finished
     */
    TrunkLeg(SipEndpoint sip, LegRegistry legs, RtpEndpoint media, OutsideCall call, TrunkFailover failover,
             Duration silenceTimeout, Consumer<TrunkLeg> onEnd) {
        super(sip, legs, null, media, "", Tags.next());
        this.registry = legs;
        this.call = call;
        this.failover = failover;
        this.silenceTimeout = silenceTimeout;
        this.onEnd = onEnd;
        this.offer = negotiator.offer(sip.advertisedHost, media.localPort(), sdpSessionId, 1,
                List.of(SdpNegotiator.PCMU, SdpNegotiator.PCMA), SdpNegotiator.DEFAULT_TELEPHONE_EVENT_PT,
                MediaDirection.SENDRECV).format();
    }

    /**
     * Sends the first INVITE on {@code first}, moving on to the next trunks while INVITEs cannot even be sent.
     *
     * @return false when no INVITE could be sent at all: the leg has ended then, and the listener is not told
     */
    boolean start(TrunkChannel first) {
        TrunkAttempt a;
        synchronized (this) {
            a = current = newAttempt(first);
        }
        return launch(a, false);
    }

    /** Sends {@code a}, then the following attempts while sending fails; tells the listener if the leg ends. */
    private boolean launch(TrunkAttempt a, boolean notify) {
        while (!send(a)) {
            Next next = afterFailure(a, TrunkFailure.TRANSPORT);
            if (next == null) return true;
            if (next.attempt() == null) {
                finished();
                if (notify) notifyEnded(next.cause());
                return false;
            }
            a = next.attempt();
        }
        return true;
    }

    /** Builds (if needed) and sends the attempt's INVITE; false when it could not be sent. */
    private boolean send(TrunkAttempt a) {
        ClientTransaction tx;
        try {
            if (a.invite == null) a.invite = TrunkInvites.invite(sip, a.channel.trunk().trunk(), a.callId, call, offer);
            a.pin(sip);
            tx = a.provider.getNewClientTransaction(a.invite);
            Dialog d = a.provider.getNewDialog(tx);
            synchronized (this) {
                if (ended) { // hung up before this INVITE left: never send it
                    tx.terminate();
                    d.delete();
                    sip.router.unpin(a.callId);
                    return true;
                }
                a.tx = tx;
                a.dialog = d;
                registered.add(a.callId);
                registry.add(this, a.callId, tx, d);
            }
            tx.sendRequest();
        } catch (Exception e) {
            log.warn("trunk {}: INVITE could not be sent to {}:{}/{}: {}", a.trunk(), a.hop.host(), a.hop.port(),
                    a.hop.transport(), e.toString());
            return false;
        }
        ClientTransaction sent = tx;
        CompletableFuture.delayedExecutor(silenceTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> onSilence(a, sent));
        return true;
    }

    private TrunkAttempt newAttempt(TrunkChannel channel) {
        String transport = TrunkHop.of(channel.trunk().trunk()).transport();
        SipProvider p = sip.provider(transport);
        TrunkAttempt a = new TrunkAttempt(channel, p, p.getNewCallId().getCallId());
        attempts.add(a);
        device = a.trunk();
        provider = p;
        callId = a.callId;
        return a;
    }

    @Override protected synchronized List<String> callIds() { return List.copyOf(registered); }

    @Override public void progress() { }

    @Override public void answer() { }

    @Override
    public void hangup(HangupCause cause) {
        boolean bye;
        TrunkAttempt cancel = null;
        TrunkAttempt a;
        synchronized (this) {
            if (ended) return;
            ended = true;
            bye = answered;
            a = current;
            if (!answered && a != null && !a.done) {
                a.cancelWanted = true;
                if (a.provisional && !a.cancelSent) {
                    a.cancelSent = true;
                    cancel = a;
                }
            }
        }
        if (!bye && cause == HangupCause.NO_ANSWER && a != null) {
            a.channel.trunk().recordFailure(TrunkFailure.NO_ANSWER.label());
        }
        if (bye) sendBye(cause);
        if (cancel != null) cancel.cancel();
        finished();
    }

    /** Ignored until the leg has ended: a failed attempt's dialog ending does not end the leg. */
    @Override
    protected void finished() {
        TrunkAttempt a;
        synchronized (this) {
            if (!ended) return;
            a = current;
        }
        super.finished();
        if (a != null) a.channel.release();
        onEnd.accept(this);
    }

    @Override
    public void onResponse(Response response, Dialog responseDialog, ClientTransaction tx) {
        TrunkAttempt a = attemptOf(tx, responseDialog);
        if (a == null) return;
        int status = response.getStatusCode();
        if (status < 200) onProvisional(a, response, status);
        else if (status < 300) onSuccess(a, response, responseDialog);
        else if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            onChallenge(a, response, status);
        } else onFailure(a, TrunkFailure.ofStatus(status), Integer.toString(status));
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        TrunkAttempt a = attemptOf(tx, null);
        if (a != null) onFailure(a, TrunkFailure.TIMEOUT, "INVITE timed out");
    }

    /** A transport error towards {@code host:port}: fails the attempt waiting there, if any. */
    void onTransportError(String host, int port, String transport) {
        TrunkAttempt a;
        synchronized (this) {
            a = current;
            if (a == null || a.done || answered || ended || !a.hop.is(host, port, transport)) return;
        }
        onFailure(a, TrunkFailure.TRANSPORT, "transport error");
    }

    private synchronized TrunkAttempt attemptOf(ClientTransaction tx, Dialog dialog) {
        for (TrunkAttempt a : attempts) {
            if ((tx != null && a.tx == tx) || (dialog != null && a.dialog == dialog)) return a;
        }
        return null;
    }

    private void onSilence(TrunkAttempt a, ClientTransaction tx) {
        synchronized (this) {
            if (a.tx != tx || a.provisional || a.done || a != current || ended || answered) return;
        }
        try {
            tx.terminate();
            if (a.dialog != null) a.dialog.delete();
        } catch (Exception e) {
            log.debug("could not end the silent INVITE transaction: {}", e.toString());
        }
        onFailure(a, TrunkFailure.TIMEOUT, "no response within " + silenceTimeout.toSeconds() + " s");
    }

    private void onProvisional(TrunkAttempt a, Response response, int status) {
        boolean cancel = false;
        boolean ring = false;
        boolean live;
        synchronized (this) {
            a.provisional = true;
            if (a.cancelWanted && !a.cancelSent) cancel = a.cancelSent = true;
            live = a == current && !a.done && !ended && !answered;
            if (live && status != Response.TRYING && !ringingSent) ring = ringingSent = true;
        }
        if (cancel) a.cancel();
        if (!live) return;
        LegListener l = listener;
        if (ring && l != null) l.ringing(this);
        byte[] body = response.getRawContent();
        if (status == Response.TRYING || body == null || body.length == 0) return;
        SdpNegotiator.AnswerResult early;
        try {
            early = negotiator.acceptAnswer(SessionDescription.parse(new String(body, StandardCharsets.UTF_8)));
        } catch (Exception e) {
            failEarly(a, status, e);
            return;
        }
        media.trustSignallingSource(((gov.nist.javax.sip.message.SIPMessage) response).getRemoteAddress());
        media.configure(early.remoteRtp(), early.payloadType(), early.telephoneEventPt());
        boolean first;
        synchronized (this) {
            first = !earlyMediaSent && !ended && !answered;
            if (first) earlyMediaSent = true;
        }
        if (first && l != null) l.earlyMedia(this);
    }

    /** Unusable SDP in a provisional response: cancel the INVITE and fail the call. */
    private void failEarly(TrunkAttempt a, int status, Exception e) {
        boolean cancel;
        synchronized (this) {
            if (ended || answered || a != current || a.done) return;
            ended = true;
            a.done = true;
            a.cancelWanted = true;
            cancel = !a.cancelSent;
            a.cancelSent = true;
        }
        log.info("trunk {}: {} with unusable SDP ({}); cancelling the call", a.trunk(), status, e.getMessage());
        a.channel.trunk().recordFailure(TrunkFailure.BAD_SDP.label());
        if (cancel) a.cancel();
        finished();
        notifyEnded(HangupCause.FAILED);
    }

    private void onSuccess(TrunkAttempt a, Response response, Dialog responseDialog) {
        boolean wins;
        boolean retransmission;
        boolean lateBye = false;
        Dialog d;
        synchronized (this) {
            if (responseDialog != null) a.dialog = responseDialog;
            d = a.dialog;
            retransmission = answered && a == current && dialog == d;
            wins = !retransmission && a == current && !a.done && !ended && !answered;
            if (wins) {
                a.done = true;
                answered = true;
                dialog = d;
            } else if (!retransmission && !a.lateByeSent) {
                lateBye = a.lateByeSent = true;
            }
        }
        a.ack(response, d);
        if (retransmission) return;
        if (!wins) { // answered after we gave up or moved on: take it down again
            if (lateBye) a.byeLate(sip, d);
            return;
        }
        try {
            byte[] body = response.getRawContent();
            if (body == null || body.length == 0) throw new IllegalArgumentException("no SDP in the 200");
            var result = negotiator.acceptAnswer(SessionDescription.parse(new String(body, StandardCharsets.UTF_8)));
            media.trustSignallingSource(((gov.nist.javax.sip.message.SIPMessage) response).getRemoteAddress());
            media.configure(result.remoteRtp(), result.payloadType(), result.telephoneEventPt());
            media.setHeld(result.hold());
        } catch (Exception e) {
            log.info("trunk {} answered with unusable SDP ({}); hanging up", a.trunk(), e.getMessage());
            a.channel.trunk().recordFailure(TrunkFailure.BAD_SDP.label());
            synchronized (this) { ended = true; }
            sendBye(HangupCause.FAILED);
            finished();
            notifyEnded(HangupCause.FAILED);
            return;
        }
        log.info("trunk {} answered the call to {}", a.trunk(), call.e164());
        LegListener l = listener;
        if (l != null) l.answered(this);
    }

    private void onChallenge(TrunkAttempt a, Response response, int status) {
        TrunkCredentials credentials = a.channel.trunk().trunk().credentials();
        boolean retry;
        synchronized (this) {
            if (a != current || a.done || ended || answered) return;
            retry = credentials != null && !a.challenged;
            if (retry) {
                a.challenged = true;
                a.provisional = false;
            }
        }
        if (!retry) {
            log.warn("trunk {}: INVITE challenged ({}) {}", a.trunk(), status,
                    credentials == null ? "but the trunk has no credentials" : "again: the credentials were refused");
            onFailure(a, TrunkFailure.AUTH, Integer.toString(status));
            return;
        }
        try {
            Request authorised = TrunkInvites.answering(sip, a.invite, response, credentials, a.hop.transport());
            synchronized (this) { a.invite = authorised; }
        } catch (Exception e) {
            log.warn("trunk {}: cannot answer the {} challenge: {}", a.trunk(), status, e.getMessage());
            onFailure(a, TrunkFailure.AUTH, Integer.toString(status));
            return;
        }
        if (!send(a)) onFailure(a, TrunkFailure.TRANSPORT, "transport error");
    }

    private void onFailure(TrunkAttempt a, TrunkFailure failure, String why) {
        Next next = afterFailure(a, failure);
        if (next == null) return;
        if (next.attempt() != null) {
            log.info("call to {}: trunk {} failed ({}), trying trunk {}", call.e164(), a.trunk(), why,
                    next.attempt().trunk());
            launch(next.attempt(), true);
            return;
        }
        log.info("call to {}: trunk {} failed ({}): {}", call.e164(), a.trunk(), why, next.cause().wire());
        finished();
        notifyEnded(next.cause());
    }

    /**
     * Books a failed attempt: its channel goes back and its Call-ID is forgotten. Returns null when the attempt no
     * longer matters (stale, or the leg already ended), else the next attempt or the cause the leg ends with.
     */
    private synchronized Next afterFailure(TrunkAttempt a, TrunkFailure failure) {
        if (a.done) return null;
        a.done = true;
        a.channel.release();
        registered.remove(a.callId);
        registry.remove(a.callId, this);
        sip.router.unpin(a.callId);
        if (a != current || ended || answered) return null;
        a.channel.trunk().recordFailure(failure.label());
        if (failure.tryNextTrunk()) {
            Optional<TrunkChannel> next = failover.next();
            if (next.isPresent()) {
                current = newAttempt(next.get());
                return new Next(current, null);
            }
            ended = true;
            return new Next(null, HangupCause.FAILED);
        }
        ended = true;
        return new Next(null, failure.cause());
    }
}
