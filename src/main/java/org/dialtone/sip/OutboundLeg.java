package org.dialtone.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * The switch rings an extension: one INVITE per registered device (a fork), all offering the same anchored RTP
 * endpoint. The first device to answer wins and the others are cancelled; the leg fails only when every fork
 * failed, with the most telling cause (busy over decline over the rest). A CANCEL is held back until the device has
 * sent a provisional response (RFC 3261 §9.1).
 */
final class OutboundLeg extends SipLeg implements InviteClient {
    private static final Logger log = LoggerFactory.getLogger(OutboundLeg.class);

    /** One INVITE to one device. Guarded by the leg's monitor. */
    final class Fork {
        final String device;
        final String callId;
        final SipProvider forkProvider;
        ClientTransaction tx;
        Dialog forkDialog;
        boolean provisional;
        boolean cancelWanted;
        boolean cancelSent;
        HangupCause failure;

        Fork(String device, String callId, SipProvider provider) {
            this.device = device;
            this.callId = callId;
            this.forkProvider = provider;
        }
    }

    private final List<Fork> forks = new ArrayList<>();
    private Fork winner;
    private boolean answered;

    OutboundLeg(SipEndpoint sip, LegRegistry legs, RtpEndpoint media, String extensionUser) {
        super(sip, legs, null, media, extensionUser, "");
    }

    synchronized Fork addFork(String forkDevice, String forkCallId, SipProvider forkProvider) {
        Fork fork = new Fork(forkDevice, forkCallId, forkProvider);
        forks.add(fork);
        return fork;
    }

    synchronized void sent(Fork fork, ClientTransaction tx, Dialog dialog) {
        fork.tx = tx;
        fork.forkDialog = dialog;
    }

    /** A fork that could not even be sent: counts as failed. */
    void failedToSend(Fork fork) {
        onFinal(fork, HangupCause.FAILED);
    }

    @Override protected synchronized List<String> callIds() {
        List<String> ids = new ArrayList<>();
        for (Fork f : forks) ids.add(f.callId);
        return ids;
    }

    @Override public void progress() { }
    @Override public void answer() { }

    @Override
    public void hangup(HangupCause cause) {
        boolean bye;
        List<Fork> cancel = new ArrayList<>();
        synchronized (this) {
            if (ended) return;
            ended = true;
            bye = answered;
            if (!answered) collectCancels(cancel, null);
        }
        if (bye) sendBye(cause);
        for (Fork f : cancel) sendCancel(f, cause);
        finished();
    }

    /** Marks every live fork but {@code keep} for cancelling; those with a provisional are returned to cancel now. */
    private void collectCancels(List<Fork> now, Fork keep) {
        for (Fork f : forks) {
            if (f == keep || f.failure != null || f.cancelWanted) continue;
            f.cancelWanted = true;
            if (f.provisional && !f.cancelSent) {
                f.cancelSent = true;
                now.add(f);
            }
        }
    }

    @Override
    public void onResponse(Response response, Dialog responseDialog, ClientTransaction tx) {
        Fork fork = forkOf(tx, responseDialog);
        if (fork == null) return;
        int status = response.getStatusCode();
        if (status < 200) onProvisional(fork, status != Response.TRYING);
        else if (status < 300) onSuccess(fork, response, responseDialog);
        else onFinal(fork, cause(status));
    }

    private synchronized Fork forkOf(ClientTransaction tx, Dialog dialog) {
        for (Fork f : forks) {
            if ((tx != null && f.tx == tx) || (dialog != null && f.forkDialog == dialog)) return f;
        }
        return null;
    }

    private void onProvisional(Fork fork, boolean ringing) {
        boolean cancel = false;
        boolean notify;
        synchronized (this) {
            fork.provisional = true;
            if (fork.cancelWanted && !fork.cancelSent) cancel = fork.cancelSent = true;
            notify = ringing && !ended && !answered;
        }
        if (cancel) sendCancel(fork, HangupCause.CANCELLED);
        if (notify && listener != null) listener.ringing(this);
    }

    private void onSuccess(Fork fork, Response response, Dialog responseDialog) {
        Dialog d = responseDialog != null ? responseDialog : fork.forkDialog;
        boolean wins;
        List<Fork> cancel = new ArrayList<>();
        synchronized (this) {
            if (d != null) fork.forkDialog = d;
            wins = !answered && !ended && fork.failure == null;
            if (wins) {
                answered = true;
                winner = fork;
                dialog = d;
                provider = fork.forkProvider;
                device = fork.device;
                callId = fork.callId;
                collectCancels(cancel, fork);
            }
        }
        ack(response, d);
        if (!wins) {
            if (fork != winner) { // a second device answered too, or we gave up already: take it down again
                byeFork(fork, d);
            }
            return;
        }
        for (Fork f : cancel) sendCancel(f, HangupCause.ANSWERED_ELSEWHERE);
        try {
            byte[] body = response.getRawContent();
            var result = negotiator.acceptAnswer(SessionDescription.parse(new String(body, StandardCharsets.UTF_8)));
            media.trustSignallingSource(((gov.nist.javax.sip.message.SIPMessage) response).getRemoteAddress());
            media.configure(result.remoteRtp(), result.payloadType(), result.telephoneEventPt());
        } catch (Exception e) {
            log.info("{} answered with unusable SDP ({}); hanging up", fork.device, e.getMessage());
            synchronized (this) { ended = true; }
            sendBye(HangupCause.FAILED);
            finished();
            if (listener != null) listener.ended(this, HangupCause.FAILED);
            return;
        }
        if (listener != null) listener.answered(this);
    }

    private void onFinal(Fork fork, HangupCause cause) {
        boolean notify;
        HangupCause overall;
        synchronized (this) {
            if (fork.failure != null || fork == winner) return;
            fork.failure = cause;
            boolean allFailed = forks.stream().allMatch(f -> f.failure != null);
            notify = allFailed && !ended && !answered;
            if (notify) ended = true;
            overall = best();
        }
        sip.router.unpin(fork.callId);
        if (notify) {
            finished();
            if (listener != null) listener.ended(this, overall);
        }
    }

    /** The cause the caller hears when every fork failed: busy wins, then decline, then the rest. */
    private HangupCause best() {
        HangupCause best = null;
        for (Fork f : forks) {
            HangupCause c = f.failure;
            if (c == HangupCause.BUSY) return c;
            if (c == HangupCause.REJECTED || best == null) best = c;
        }
        return best == null ? HangupCause.FAILED : best;
    }

    /** A fork's INVITE got no final response in time (device unreachable). */
    @Override
    public void onTimeout(ClientTransaction tx) {
        Fork fork = forkOf(tx, null);
        if (fork != null) onFinal(fork, HangupCause.UNAVAILABLE);
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

    private void byeFork(Fork fork, Dialog d) {
        if (d == null) return;
        try {
            Request bye = d.createRequest(Request.BYE);
            d.sendRequest(fork.forkProvider.getNewClientTransaction(bye));
        } catch (Exception e) {
            log.debug("BYE to {} failed: {}", fork.device, e.toString());
        }
    }

    private void sendCancel(Fork fork, HangupCause cause) {
        try {
            Request cancel = fork.tx.createCancel();
            if (cause == HangupCause.ANSWERED_ELSEWHERE) {
                cancel.addHeader(sip.headers.createHeader("Reason", "SIP;cause=200;text=\"Call completed elsewhere\""));
            }
            fork.forkProvider.getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            log.debug("CANCEL to {} failed: {}", fork.device, e.toString());
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
