package org.dialtone.sip;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.sip.trunk.TrunkChannel;
import org.dialtone.sip.trunk.TrunkHop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trunk tried by a {@link TrunkLeg}: its channel, its Call-ID, its INVITE (and the authorised retry) and what
 * has happened to it. The mutable fields are guarded by the leg's monitor; the sending methods run outside it.
 */
final class TrunkAttempt {
    private static final Logger log = LoggerFactory.getLogger(TrunkAttempt.class);

    final TrunkChannel channel;
    final TrunkHop hop;
    final SipProvider provider;
    final String callId;
    Request invite;
    ClientTransaction tx;
    Dialog dialog;
    boolean challenged;
    boolean provisional;
    boolean cancelWanted;
    boolean cancelSent;
    /** A final response (or a failure standing for one) was handled. */
    boolean done;
    boolean lateByeSent;

    TrunkAttempt(TrunkChannel channel, SipProvider provider, String callId) {
        this.channel = channel;
        this.hop = TrunkHop.of(channel.trunk().trunk());
        this.provider = provider;
        this.callId = callId;
    }

    String trunk() { return channel.trunk().name(); }

    /** Requests of this attempt's Call-ID go to the trunk (or its proxy). */
    void pin(SipEndpoint sip) { sip.router.pin(callId, hop.host(), hop.port(), hop.transport()); }

    /** ACKs a 2xx (every copy of it: a lost ACK makes the carrier retransmit). */
    void ack(Response response, Dialog d) {
        if (d == null) return;
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            d.sendAck(d.createAck(cseq));
        } catch (Exception e) {
            log.debug("ACK to trunk {} failed: {}", trunk(), e.toString());
        }
    }

    /** Takes down a dialog answered after the call gave up on this attempt. */
    void byeLate(SipEndpoint sip, Dialog d) {
        if (d == null) return;
        try {
            pin(sip);
            d.sendRequest(provider.getNewClientTransaction(d.createRequest(Request.BYE)));
        } catch (Exception e) {
            log.debug("BYE to trunk {} failed: {}", trunk(), e.toString());
        } finally {
            sip.router.unpin(callId);
        }
    }

    /** CANCELs the INVITE (only after a provisional response, RFC 3261 §9.1). */
    void cancel() {
        try {
            provider.getNewClientTransaction(tx.createCancel()).sendRequest();
        } catch (Exception e) {
            log.debug("CANCEL to trunk {} failed: {}", trunk(), e.toString());
        }
    }
}
