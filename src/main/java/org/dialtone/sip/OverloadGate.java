package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.util.Optional;
import javax.sip.SipStack;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.load.Admission;
import org.dialtone.core.load.Admission.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses new INVITEs while the switch sheds load: {@code 503 Service Unavailable} with {@code Retry-After}, sent
 * statelessly (RFC 3261 §8.2.7) before the stack creates a transaction, a dialog or anything else for the call, so a
 * refused call costs one parsed message and one response. Runs as a JAIN-SIP message valve, on the stack's thread,
 * ahead of {@link SipServer}. Everything else passes: requests inside a dialog (re-INVITE, BYE), ACK, CANCEL, and
 * retransmissions of an INVITE already being handled.
 */
final class OverloadGate implements SIPMessageValve {
    private static final Logger log = LoggerFactory.getLogger(OverloadGate.class);

    private final SipEndpoint sip;
    private final SIPTransactionStack stack;
    private final Admission admission;

    OverloadGate(SipEndpoint sip, SIPTransactionStack stack, Admission admission) {
        this.sip = sip;
        this.stack = stack;
        this.admission = admission;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (!Request.INVITE.equals(request.getMethod()) || request.getToTag() != null) return true;
        if (stack.findTransaction(request, true) != null) return true; // a retransmission of a call already taken
        Optional<Refusal> refusal = admission.refusal();
        if (refusal.isEmpty()) return true;
        refuse(request, refusal.get());
        return false;
    }

    private void refuse(SIPRequest request, Refusal refusal) {
        try {
            Response r = SipResponses.create(sip, request, Response.SERVICE_UNAVAILABLE);
            // the same tag for every retransmission of this INVITE, as a stateless UAS must (RFC 3261 §8.2.7)
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag("ol" + Integer.toHexString(request.getTransactionId().hashCode()));
            r.setHeader(sip.headers.createRetryAfterHeader((int) Math.max(1, refusal.retryAfter().toSeconds())));
            String transport = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport();
            sip.provider(transport).sendResponse(r);
        } catch (Exception e) {
            log.debug("could not send 503 to a new INVITE while shedding load: {}", e.toString());
        }
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) { return true; }

    @Override
    public void init(SipStack stack) { }

    @Override
    public void destroy() { }
}
