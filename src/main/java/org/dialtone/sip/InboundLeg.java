package org.dialtone.sip;

import java.time.Duration;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.media.RtpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A device called the switch: we answer its INVITE (early media with ringback, then 200) or reject it. */
final class InboundLeg extends SipLeg {
    private static final Logger log = LoggerFactory.getLogger(InboundLeg.class);
    /** Failures to answer a caller: a peer that makes them happen (gone, unreachable) must not flood the log. */
    private static final LogThrottle RESPOND_FAILURES = new LogThrottle(Duration.ofSeconds(10));

    private final Request invite;
    private final ServerTransaction inviteTx;
    private final String answerSdp;
    private final String localTag = Tags.next();
    private boolean finalSent;

    InboundLeg(SipEndpoint sip, LegRegistry legs, SipProvider provider, RtpEndpoint media, String device, String callId,
               Request invite, ServerTransaction inviteTx, String answerSdp) {
        super(sip, legs, provider, media, device, callId);
        this.invite = invite;
        this.inviteTx = inviteTx;
        this.answerSdp = answerSdp;
    }

    void dialog(javax.sip.Dialog dialog) { this.dialog = dialog; }

    /** The switch's tag in this dialog (the To tag of our responses, the From tag of our requests). */
    String localTag() { return localTag; }

    /** The device chose this dialog's Call-ID: its route is pinned for our tag only ({@link HopRouter}). */
    @Override
    protected void unroute(String id) { sip.router.unpin(id, localTag); }

    @Override
    public void progress() {
        synchronized (this) {
            if (finalSent || ended) return;
        }
        respond(Response.RINGING, true, null);
    }

    @Override
    public void answer() {
        synchronized (this) {
            if (finalSent || ended) return;
            finalSent = true;
        }
        respond(Response.OK, true, null);
    }

    @Override
    public void hangup(HangupCause cause) {
        boolean reject;
        synchronized (this) {
            if (ended) return;
            ended = true;
            reject = !finalSent;
            finalSent = true;
        }
        if (reject) respond(status(cause), false, cause);
        else sendBye(cause);
        finished();
    }

    /** The caller gave up before an answer (CANCEL, already answered 200 by the caller of this method). */
    void onCancel() {
        boolean notify;
        synchronized (this) {
            notify = !ended && !finalSent;
            if (notify) {
                ended = true;
                finalSent = true;
            }
        }
        if (!notify) return;
        respond(Response.REQUEST_TERMINATED, false, HangupCause.CANCELLED);
        finished();
        notifyEnded(HangupCause.CANCELLED);
    }

    /** The 200 was never acknowledged: the caller is gone. */
    void onAckTimeout() {
        boolean notify;
        synchronized (this) {
            notify = !ended;
            ended = true;
        }
        finished();
        if (notify) notifyEnded(HangupCause.FAILED);
    }

    /** @param reason why the call ends, for the Reason header of a final error response (null otherwise) */
    private void respond(int status, boolean withSdp, HangupCause reason) {
        try {
            Response r = sip.messages.createResponse(status, invite);
            r.setHeader(sip.server());
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(localTag);
            if (status < 300) {
                r.addHeader(sip.contact(transport()));
                if (withSdp) setSdp(r, answerSdp);
            }
            if (reason != null) r.addHeader(sip.headers.createHeader("Reason", "Q.850;cause=" + q850(reason)));
            if (status / 100 == 2) sip.answers.send(inviteTx, r); // its ACK must not overtake it
            else inviteTx.sendResponse(r);
        } catch (Exception e) {
            long withheld = RESPOND_FAILURES.pass();
            if (withheld >= 0) {
                log.warn("Could not send {} to {} (Call-ID {}): {} ({} more such failures not logged)", status, device,
                        SipResponses.warningText(((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId()),
                        SipResponses.warningText(e.toString()), withheld);
            }
        }
    }

    /** The SIP status the caller receives for a call that ends before answer. */
    static int status(HangupCause cause) {
        return switch (cause) {
            case BUSY -> Response.BUSY_HERE;
            case REJECTED -> Response.DECLINE;
            case NOT_FOUND -> Response.NOT_FOUND;
            case NO_ANSWER, UNAVAILABLE, NORMAL -> Response.TEMPORARILY_UNAVAILABLE;
            case CANCELLED -> Response.REQUEST_TERMINATED;
            case SHUTDOWN, CONGESTION -> Response.SERVICE_UNAVAILABLE;
            default -> Response.SERVER_INTERNAL_ERROR;
        };
    }
}
