package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.call.CallService;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.media.MediaEngine;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.sip.sdp.SdpException;
import org.dialtone.sip.sdp.SdpNegotiator;
import org.dialtone.sip.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new INVITE from a device: authenticate it (407), negotiate its SDP offer, anchor its media on a fresh RTP
 * endpoint, and hand the leg to the core, which routes the dialled number.
 */
final class InboundCalls {
    private static final Logger log = LoggerFactory.getLogger(InboundCalls.class);

    private final SipEndpoint sip;
    private final RequestAuthenticator authenticator;
    private final MediaEngine mediaEngine;
    private final CallService calls;
    private final LegRegistry legs;

    InboundCalls(SipEndpoint sip, RequestAuthenticator authenticator, MediaEngine mediaEngine, CallService calls,
                 LegRegistry legs) {
        this.sip = sip;
        this.authenticator = authenticator;
        this.mediaEngine = mediaEngine;
        this.calls = calls;
        this.legs = legs;
    }

    void invite(SipProvider provider, Request request, ServerTransaction tx) throws Exception {
        tx.sendResponse(SipResponses.create(sip, request, Response.TRYING));
        Optional<Extension> caller = authenticator.authenticate(request, tx);
        if (caller.isEmpty()) return;
        String dialled = request.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
        if (dialled == null || dialled.isBlank()) {
            SipResponses.send(sip, tx, request, Response.NOT_FOUND);
            return;
        }
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            log.info("INVITE from {} without SDP offer refused (late offer is not supported)", caller.get().sipUsername());
            SipResponses.send(sip, tx, request, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        RtpEndpoint media;
        try {
            media = mediaEngine.allocate();
        } catch (Exception e) {
            log.warn("no RTP port free for a call from {}: {}", caller.get().sipUsername(), e.getMessage());
            SipResponses.send(sip, tx, request, Response.SERVICE_UNAVAILABLE);
            return;
        }
        String answerSdp;
        try {
            var answer = new SdpNegotiator().answer(SessionDescription.parse(new String(body, StandardCharsets.UTF_8)),
                    sip.advertisedHost, media.localPort(), SipLeg.sessionIdFor(callId), 1);
            media.configure(answer.remoteRtp(), answer.payloadType(), answer.telephoneEventPt());
            media.setHeld(answer.hold());
            answerSdp = answer.sdp().format();
        } catch (SdpException e) {
            media.release();
            log.info("INVITE from {} with unusable SDP: {}", caller.get().sipUsername(), e.getMessage());
            var r = SipResponses.create(sip, request, Response.NOT_ACCEPTABLE_HERE);
            r.addHeader(sip.headers.createWarningHeader("dialtone", 304, e.getMessage()));
            tx.sendResponse(r);
            return;
        }
        SIPRequest raw = (SIPRequest) request;
        String transport = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport();
        sip.router.pin(callId, raw.getRemoteAddress().getHostAddress(), raw.getRemotePort(), transport);
        InboundLeg leg = new InboundLeg(sip, legs, provider, media, caller.get().sipUsername(), callId, request, tx, answerSdp);
        Dialog dialog = provider.getNewDialog(tx);
        leg.dialog(dialog);
        legs.add(leg, callId, tx, dialog);
        LegListener listener = calls.incoming(caller.get(), dialled, leg);
        if (listener == null) {
            leg.hangup(org.dialtone.core.channel.HangupCause.SHUTDOWN);
            media.release();
            return;
        }
        leg.bind(listener);
    }
}
