package org.dialtone.sip;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.media.MediaLeg;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.sip.sdp.SdpException;
import org.dialtone.sip.sdp.SdpNegotiator;
import org.dialtone.sip.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SIP dialog of the switch with a device, carrying one channel. Shared by inbound (the device called us) and
 * outbound (we ring the device) legs: in-dialog requests (BYE, re-INVITE for hold or session refresh) and our BYE.
 * State is guarded by this leg's own monitor; no lock is shared between legs.
 */
abstract sealed class SipLeg implements SignallingLeg permits InboundLeg, OutboundLeg, TrunkLeg {
    private static final Logger log = LoggerFactory.getLogger(SipLeg.class);

    protected final SipEndpoint sip;
    protected final RtpEndpoint media;
    /** For an outbound leg these three become those of the device that answered. */
    protected volatile SipProvider provider;
    protected volatile String device;
    protected volatile String callId;
    protected final SdpNegotiator negotiator = new SdpNegotiator();
    protected final long sdpSessionId;
    protected long sdpVersion = 1;
    protected volatile LegListener listener;
    protected Dialog dialog;
    /** Set once the leg ended for whatever reason; later events are ignored. */
    protected boolean ended;
    private boolean byeSent;
    private HangupCause endedBeforeBind;
    private final AtomicReference<Runnable> whenFinished = new AtomicReference<>();

    private final LegRegistry legs;

    SipLeg(SipEndpoint sip, LegRegistry legs, SipProvider provider, RtpEndpoint media, String device, String callId) {
        this.sip = sip;
        this.legs = legs;
        this.provider = provider;
        this.media = media;
        this.device = device;
        this.callId = callId;
        this.sdpSessionId = sessionIdFor(callId);
    }

    /** The SDP o= session id of the dialog with {@code callId}: stable for the dialog's life. */
    static long sessionIdFor(String callId) {
        return (callId.hashCode() & 0x7fffffffL) + 1;
    }

    @Override public MediaLeg media() { return media; }
    @Override public String device() { return device; }

    /**
     * Connects the leg to the core. An inbound leg is findable (CANCEL, BYE) a moment before the core has bound it;
     * an end seen in that moment is delivered here instead of being lost.
     */
    void bind(LegListener listener) {
        HangupCause missed;
        synchronized (this) {
            this.listener = listener;
            missed = endedBeforeBind;
            endedBeforeBind = null;
        }
        if (missed != null) listener.ended(this, missed);
    }

    /** Tells the core this leg ended, or remembers it for {@link #bind} when the core has not bound it yet. */
    protected void notifyEnded(HangupCause cause) {
        LegListener l;
        synchronized (this) {
            l = listener;
            if (l == null) endedBeforeBind = cause;
        }
        if (l != null) l.ended(this, cause);
    }

    String callId() { return callId; }

    /** Every Call-ID this leg answers to (an outbound leg has one per device it rang). */
    protected java.util.List<String> callIds() { return java.util.List.of(callId); }

    /** The remote side hung up (BYE). */
    void onBye(Request bye, ServerTransaction tx) {
        SipResponses.send(sip, tx, bye, Response.OK);
        boolean notify;
        synchronized (this) {
            notify = !ended;
            ended = true;
        }
        finished();
        if (notify) notifyEnded(HangupCause.NORMAL);
    }

    /** A re-INVITE or UPDATE in the dialog: hold/unhold, codec change or session refresh. */
    void onReoffer(Request request, ServerTransaction tx) {
        try {
            Response ok = SipResponses.create(sip, request, Response.OK);
            ok.addHeader(sip.contact(transport()));
            byte[] body = request.getRawContent();
            if (body != null && body.length > 0) {
                var answer = negotiator.answer(SessionDescription.parse(new String(body, StandardCharsets.UTF_8)),
                        sip.advertisedHost, media.localPort(), sdpSessionId, nextSdpVersion());
                media.configure(answer.remoteRtp(), answer.payloadType(), answer.telephoneEventPt());
                media.setHeld(answer.hold());
                setSdp(ok, answer.sdp().format());
                log.info("{} {} (call {})", device, answer.hold() ? "put the call on hold" : "refreshed the session", callId);
            }
            if (Request.INVITE.equals(request.getMethod())) sip.answers.send(tx, ok);
            else tx.sendResponse(ok);
        } catch (SdpException e) {
            log.info("re-INVITE from {} with unusable SDP: {}", device, e.getMessage());
            SipResponses.sendNotAcceptable(sip, tx, request, e.getMessage());
        } catch (Exception e) {
            log.warn("re-INVITE from {} failed: {}", device, e.toString());
            SipResponses.send(sip, tx, request, Response.SERVER_INTERNAL_ERROR);
        }
    }

    /** Sends BYE if the dialog is confirmed and we have not yet. */
    protected void sendBye(HangupCause cause) {
        synchronized (this) {
            if (byeSent || dialog == null || dialog.getState() != DialogState.CONFIRMED) return;
            byeSent = true;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            bye.addHeader(sip.headers.createHeader("Reason", "Q.850;cause=" + q850(cause)));
            ClientTransaction ct = provider.getNewClientTransaction(bye);
            dialog.sendRequest(ct);
        } catch (Exception e) {
            log.debug("BYE to {} failed: {}", device, e.toString());
        }
    }

    protected long nextSdpVersion() { return ++sdpVersion; }

    protected String transport() { return provider.getListeningPoints()[0].getTransport().toLowerCase(java.util.Locale.ROOT); }

    protected void setSdp(Message message, String sdp) throws java.text.ParseException {
        ContentTypeHeader type = sip.headers.createContentTypeHeader("application", "sdp");
        message.setContent(sdp, type);
    }

    /**
     * Runs {@code action} once when the leg has finished (e.g. gives a trunk channel back). Set it before the leg can
     * be found, so no end is missed.
     */
    void whenFinished(Runnable action) { whenFinished.set(action); }

    /** Forgets routing state of the dialog; media is released by the core. */
    protected void finished() {
        for (String id : callIds()) {
            unroute(id);
            legs.remove(id, this);
        }
        Runnable action = whenFinished.getAndSet(null);
        if (action != null) action.run();
    }

    /** Forgets where requests with Call-ID {@code id} go (a Call-ID the switch generated). */
    protected void unroute(String id) { sip.router.unpin(id); }

    static int q850(HangupCause cause) {
        return switch (cause) {
            case BUSY -> 17;
            case NO_ANSWER -> 19;
            case REJECTED -> 21;
            case UNAVAILABLE -> 20;
            case NOT_FOUND -> 1;
            case FAILED, MEDIA_TIMEOUT -> 41;
            case CONGESTION -> 34;
            case ANSWERED_ELSEWHERE -> 26;
            default -> 16;
        };
    }
}
