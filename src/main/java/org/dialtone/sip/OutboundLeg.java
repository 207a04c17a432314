package org.dialtone.sip;

import java.nio.charset.StandardCharsets;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.sip.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch rings a device: our INVITE, its provisional and final responses, our CANCEL or BYE. A CANCEL is held
 * back until the device has sent a provisional response (RFC 3261 §9.1).
 */
final class OutboundLeg extends SipLeg {
    private static final Logger log = LoggerFactory.getLogger(OutboundLeg.class);

    private ClientTransaction inviteTx;
    private boolean provisional;
    private boolean answered;
    private boolean cancelWanted;
    private boolean cancelSent;

    OutboundLeg(SipEndpoint sip, LegRegistry legs, SipProvider provider, RtpEndpoint media, String device, String callId) {
        super(sip, legs, provider, media, device, callId);
    }

    void sent(ClientTransaction tx, Dialog dialog) {
        this.inviteTx = tx;
        this.dialog = dialog;
    }

    @Override public void progress() { }
    @Override public void answer() { }

    @Override
    public void hangup(HangupCause cause) {
        boolean bye;
        boolean cancel = false;
        synchronized (this) {
            if (ended) return;
            ended = true;
            bye = answered;
            if (!answered) {
                cancelWanted = true;
                if (provisional && !cancelSent) cancel = cancelSent = true;
            }
        }
        if (bye) {
            sendBye(cause);
            finished();
        } else if (cancel) {
            sendCancel(cause);
        }
    }

    void onResponse(Response response, Dialog responseDialog) {
        int status = response.getStatusCode();
        if (status < 200) {
            if (status == Response.TRYING) {
                onProvisional(false);
            } else {
                onProvisional(true);
            }
        } else if (status < 300) {
            onSuccess(response, responseDialog);
        } else {
            boolean notify;
            synchronized (this) {
                notify = !ended;
                ended = true;
            }
            finished();
            if (notify && listener != null) listener.ended(this, cause(status));
        }
    }

    private void onProvisional(boolean ringing) {
        boolean cancel = false;
        boolean notify;
        synchronized (this) {
            provisional = true;
            if (cancelWanted && !cancelSent) cancel = cancelSent = true;
            notify = ringing && !ended;
        }
        if (cancel) sendCancel(HangupCause.CANCELLED);
        if (notify && listener != null) listener.ringing(this);
    }

    private void onSuccess(Response response, Dialog responseDialog) {
        Dialog d = responseDialog != null ? responseDialog : dialog;
        boolean first;
        boolean unwanted;
        synchronized (this) {
            first = !answered;
            answered = true;
            unwanted = ended;
            if (d != null) dialog = d;
        }
        ack(response, d);
        if (!first) return; // retransmitted 2xx: acknowledged again, nothing else
        if (unwanted) { // answered after we cancelled: take the call down again
            sendBye(HangupCause.ANSWERED_ELSEWHERE);
            finished();
            return;
        }
        try {
            byte[] body = response.getRawContent();
            var result = negotiator.acceptAnswer(SessionDescription.parse(new String(body, StandardCharsets.UTF_8)));
            media.configure(result.remoteRtp(), result.payloadType(), result.telephoneEventPt());
        } catch (Exception e) {
            log.info("{} answered with unusable SDP ({}); hanging up", device, e.getMessage());
            synchronized (this) { ended = true; }
            sendBye(HangupCause.FAILED);
            finished();
            if (listener != null) listener.ended(this, HangupCause.FAILED);
            return;
        }
        if (listener != null) listener.answered(this);
    }

    private void ack(Response response, Dialog d) {
        if (d == null) return;
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            d.sendAck(d.createAck(cseq));
        } catch (Exception e) {
            log.debug("ACK to {} failed: {}", device, e.toString());
        }
    }

    /** No final response in time (device unreachable). */
    void onTimeout() {
        boolean notify;
        synchronized (this) {
            notify = !ended;
            ended = true;
        }
        finished();
        if (notify && listener != null) listener.ended(this, HangupCause.UNAVAILABLE);
    }

    private void sendCancel(HangupCause cause) {
        try {
            Request cancel = inviteTx.createCancel();
            if (cause == HangupCause.ANSWERED_ELSEWHERE) {
                cancel.addHeader(sip.headers.createHeader("Reason", "SIP;cause=200;text=\"Call completed elsewhere\""));
            }
            provider.getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            log.debug("CANCEL to {} failed: {}", device, e.toString());
        }
    }

    static HangupCause cause(int status) {
        return switch (status) {
            case Response.BUSY_HERE, Response.BUSY_EVERYWHERE -> HangupCause.BUSY;
            case Response.DECLINE -> HangupCause.REJECTED;
            case Response.REQUEST_TERMINATED -> HangupCause.CANCELLED;
            case Response.NOT_FOUND, Response.TEMPORARILY_UNAVAILABLE, Response.REQUEST_TIMEOUT -> HangupCause.UNAVAILABLE;
            default -> HangupCause.FAILED;
        };
    }
}
